using System.Globalization;
using System.Text.RegularExpressions;
using Microchannels.Channels.Tests.Vectors;

namespace Microchannels.Channels.Tests.SpecQuotes;

/// <summary>
/// The pinned BOLTs (spec/bolts, file "NN-name.md" is BOLT NN) rendered by
/// <see cref="RenderedMarkdown"/>, and the test whether a quote is in them.
/// </summary>
internal sealed partial class PinnedBolts
{
    private readonly Dictionary<int, IReadOnlyList<string>> sectionsByBolt;

    public PinnedBolts(IReadOnlyDictionary<int, string> markdownByBolt)
    {
        sectionsByBolt = markdownByBolt.ToDictionary(b => b.Key, b => RenderedMarkdown.Sections(b.Value));
    }

    public static PinnedBolts Load()
    {
        var files = Directory.GetFiles(SpecFile.Path("bolts"), "*.md");
        return new PinnedBolts(files.ToDictionary(
            f => int.Parse(Path.GetFileName(f)[..2], CultureInfo.InvariantCulture),
            File.ReadAllText));
    }

    /// <summary>
    /// Whether <paramref name="quote"/> is in the BOLT it cites (any BOLT when null). An
    /// ellipsis ("..." or "…") marks words left out and square brackets mark words the
    /// quoter put in, as in ordinary quoting: the pieces between them must appear in the
    /// same order within one section. Both sides are rendered the same way.
    /// </summary>
    public bool Contains(QuotedRule quote)
    {
        var pieces = Omission().Split(quote.Text)
            .Select(RenderedMarkdown.Inline)
            .Where(p => p.Length > 0)
            .ToList();
        var bolts = quote.Bolt is { } n
            ? (sectionsByBolt.TryGetValue(n, out var one) ? [one] : [])
            : sectionsByBolt.Values.ToList();
        return bolts.SelectMany(s => s).Any(section => InOrder(section, pieces));
    }

    private static bool InOrder(string section, List<string> pieces)
    {
        int from = 0;
        foreach (var piece in pieces)
        {
            int at = section.IndexOf(piece, from, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            from = at + piece.Length;
        }

        return true;
    }

    [GeneratedRegex(@"\.\.\.|…|\[[^\]]*\]")]
    private static partial Regex Omission();
}
