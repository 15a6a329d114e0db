namespace Microchannels.Channels.Tests.Transport;

/// <summary>
/// Reads the test vectors of BOLT 8, "Appendix A: Transport Test Vectors", straight
/// from the pinned spec text, so a vector is never retyped by hand. A case starts at
/// its <c>name:</c> line; its fields are the known keys (<c>ls.priv</c>, <c>e.priv</c>,
/// ...) written as <c>key: value</c> or <c>key=value</c>; <c>input</c> and
/// <c>output</c> lines are kept in order as the steps of the exchange. Comment lines
/// (<c>#</c>) and prose are skipped.
/// </summary>
internal static class Bolt8Vectors
{
    private static readonly HashSet<string> FieldKeys = ["rs.pub", "ls.priv", "ls.pub", "e.priv", "e.pub", "ck", "sk", "rk"];

    private static readonly Lazy<IReadOnlyList<Bolt8Case>> Cases = new(Load);

    public static IReadOnlyList<Bolt8Case> All => Cases.Value;

    public static Bolt8Case Named(string name) =>
        All.SingleOrDefault(c => c.Name == name) ?? throw new InvalidOperationException($"BOLT 8 has no vector named '{name}'.");

    public static TheoryData<string> NamesStartingWith(string prefix)
    {
        var data = new TheoryData<string>();
        foreach (var c in All.Where(c => c.Name.StartsWith(prefix, StringComparison.Ordinal)))
        {
            data.Add(c.Name);
        }

        return data;
    }

    public static byte[] Hex(string value) =>
        Convert.FromHexString(value.StartsWith("0x", StringComparison.Ordinal) ? value[2..] : value);

    private static List<Bolt8Case> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "spec", "bolts", "08-transport.md");
        var cases = new List<Bolt8Case>();
        Bolt8Case? current = null;
        foreach (var rawLine in File.ReadLines(path))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (!TrySplit(line, out var key, out var value))
            {
                continue;
            }

            if (key == "name")
            {
                current = new Bolt8Case(value);
                cases.Add(current);
            }
            else if (current is null)
            {
                continue;
            }
            else if (key is "input" or "output")
            {
                current.Steps.Add(new Bolt8Step(key == "input", value));
            }
            else if (FieldKeys.Contains(key) || key.StartsWith("output ", StringComparison.Ordinal))
            {
                current.Fields[key] = value;
            }
        }

        if (cases.Count == 0)
        {
            throw new InvalidOperationException($"No BOLT 8 vectors found in {path}.");
        }

        return cases;
    }

    private static bool TrySplit(string line, out string key, out string value)
    {
        int colon = line.IndexOf(": ", StringComparison.Ordinal);
        int equals = line.IndexOf('=', StringComparison.Ordinal);
        int split = colon >= 0 && (equals < 0 || colon < equals) ? colon : equals;
        if (split <= 0)
        {
            key = value = string.Empty;
            return false;
        }

        key = line[..split].Trim();
        value = line[(split + (split == colon ? 2 : 1))..].Trim();
        return true;
    }
}
