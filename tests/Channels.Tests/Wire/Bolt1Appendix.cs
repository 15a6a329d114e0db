using System.Text.Json;
using System.Text.RegularExpressions;

namespace Microchannels.Channels.Tests.Wire;

/// <summary>
/// Reads BOLT 1's test vectors out of the pinned spec text at run time, so every
/// vector becomes one theory row and a vector cannot be mistyped by hand.
/// </summary>
internal static partial class Bolt1Appendix
{
    private static readonly Lazy<string> Text = new(() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "spec", "bolts", "01-messaging.md")));

    /// <summary>Appendix A, "BigSize Decoding Tests": (name, hex, value, expected error or "").</summary>
    public static TheoryData<string, string, string, string> BigSizeDecoding() => BigSize("### BigSize Decoding Tests");

    /// <summary>Appendix A, "BigSize Encoding Tests".</summary>
    public static TheoryData<string, string, string, string> BigSizeEncoding() => BigSize("### BigSize Encoding Tests");

    /// <summary>Appendix D: (value, hex) of big-endian two's complement integers.</summary>
    public static TheoryData<string, string> SignedIntegers()
    {
        var rows = new TheoryData<string, string>();
        foreach (var vector in JsonBlock(Section("## Appendix D", "## Acknowledgments")).EnumerateArray())
        {
            rows.Add(vector.GetProperty("value").GetRawText(), vector.GetProperty("bytes").GetString()!);
        }

        return rows;
    }

    /// <summary>
    /// Appendix B: one row per (vector, namespace it applies to). Columns: namespace,
    /// stream hex, whether it must decode, the expected values ("" if none given),
    /// and the spec's reason or explanation.
    /// </summary>
    public static TheoryData<string, string, bool, string, string> TlvStreams()
    {
        var rows = new TheoryData<string, string, bool, string, string>();
        foreach (var vector in TlvVectors())
        {
            foreach (string ns in vector.Namespaces)
            {
                rows.Add(ns, vector.Hex, vector.Valid, vector.Values, vector.Why);
            }
        }

        return rows;
    }

    /// <summary>Appendix B parsed into vectors, each with the namespaces its paragraph names.</summary>
    public static IReadOnlyList<TlvVector> TlvVectors()
    {
        var vectors = new List<TlvVector>();
        string[] namespaces = [];
        bool valid = false;
        var paragraphs = Section("## Appendix B", "## Appendix C").Split("\n\n");
        foreach (string paragraph in paragraphs.Select(p => p.Trim().Replace('\n', ' ')))
        {
            if (paragraph.StartsWith("The following", StringComparison.Ordinal) || paragraph.StartsWith("In addition", StringComparison.Ordinal))
            {
                bool n1 = paragraph.Contains("`n1`", StringComparison.Ordinal);
                bool n2 = paragraph.Contains("`n2`", StringComparison.Ordinal);
                namespaces = n1 || n2 ? (n1 ? ["n1"] : ["n2"]) : ["n1", "n2"];
                valid = !paragraph.Contains("failure", StringComparison.Ordinal);
                continue;
            }

            var match = VectorPattern().Match(paragraph);
            if (match.Success)
            {
                string label = match.Groups["label"].Value;
                string detail = match.Groups["detail"].Value.Trim();
                vectors.Add(new TlvVector(
                    namespaces,
                    match.Groups["hex"].Value.Replace(" ", string.Empty, StringComparison.Ordinal),
                    valid,
                    label == "Values" ? detail.Replace("`", string.Empty, StringComparison.Ordinal) : string.Empty,
                    detail));
            }
        }

        return vectors;
    }

    /// <summary>Appendix C: (hex of an init message, must decode, description).</summary>
    public static TheoryData<string, bool, string> MessageExtensions()
    {
        var rows = new TheoryData<string, bool, string>();
        bool valid = true;
        foreach (string line in Section("## Appendix C", "## Appendix D").Split('\n'))
        {
            if (line.StartsWith("The following", StringComparison.Ordinal))
            {
                valid = line.Contains("are valid", StringComparison.Ordinal);
            }

            var match = ExtensionPattern().Match(line);
            if (match.Success)
            {
                rows.Add(match.Groups["hex"].Value, valid, match.Groups["why"].Value);
            }
        }

        return rows;
    }

    private static TheoryData<string, string, string, string> BigSize(string heading)
    {
        var rows = new TheoryData<string, string, string, string>();
        string section = Section(heading, "###");
        foreach (var vector in JsonBlock(section).EnumerateArray())
        {
            rows.Add(
                vector.GetProperty("name").GetString()!,
                vector.GetProperty("bytes").GetString()!,
                vector.GetProperty("value").GetRawText(),
                vector.TryGetProperty("exp_error", out var error) ? error.GetString()! : string.Empty);
        }

        return rows;
    }

    /// <summary>The text from <paramref name="heading"/> to the next line starting with <paramref name="until"/>.</summary>
    private static string Section(string heading, string until)
    {
        string text = Text.Value.Replace("\r\n", "\n", StringComparison.Ordinal);
        int start = text.IndexOf(heading, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidDataException($"01-messaging.md has no heading '{heading}'.");
        }

        int end = text.IndexOf("\n" + until, start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    private static JsonElement JsonBlock(string section)
    {
        const string fence = "```json";
        int start = section.IndexOf(fence, StringComparison.Ordinal) + fence.Length;
        int end = section.IndexOf("```", start, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(section[start..end]);
        return document.RootElement.Clone();
    }

    [GeneratedRegex(@"^1\. (?:Valid|Invalid) stream: 0x(?<hex>[0-9a-f ]*) 2\. (?<label>Reason|Values|Explanation): (?<detail>.*)$")]
    private static partial Regex VectorPattern();

    [GeneratedRegex(@"^- `0x(?<hex>[0-9a-f]+)`: (?<why>.*)$")]
    private static partial Regex ExtensionPattern();

    internal sealed record TlvVector(string[] Namespaces, string Hex, bool Valid, string Values, string Why);
}
