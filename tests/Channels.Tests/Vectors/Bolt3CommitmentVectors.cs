namespace Microchannels.Channels.Tests.Vectors;

/// <summary>One Appendix C case: inputs, and every expected signature and transaction.</summary>
internal sealed record Bolt3CommitmentVector(
    string Name,
    ulong ToLocalMsat,
    ulong ToRemoteMsat,
    uint FeeratePerKw,
    string RemoteSignature,
    string LocalSignature,
    string CommitTx,
    int NumHtlcs,
    IReadOnlyList<Bolt3HtlcTxVector> HtlcTransactions);

/// <summary>One second-stage transaction of an Appendix C case.</summary>
internal sealed record Bolt3HtlcTxVector(bool IsSuccess, int HtlcNumber, string RemoteSignature, string LocalSignature, string Transaction);

/// <summary>Parses BOLT 3 Appendix C from the pinned spec copy.</summary>
internal static class Bolt3CommitmentVectors
{
    private static readonly Lazy<IReadOnlyList<Bolt3CommitmentVector>> Parsed = new(Parse);

    public static IReadOnlyList<Bolt3CommitmentVector> All => Parsed.Value;

    public static Bolt3CommitmentVector Get(string name) => All.Single(v => v.Name == name);

    private static readonly Lazy<Dictionary<string, string>> CommonLines = new(() =>
    {
        var lines = new Dictionary<string, string>();
        foreach (var raw in SpecFile.Appendix("03-transactions.md", "# Appendix C").Split('\n'))
        {
            var line = raw.Trim();
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && !line.StartsWith('#'))
            {
                lines.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
            }
        }

        return lines;
    });

    /// <summary>A "key: value" line from the common parameters above the first case.</summary>
    public static string Common(string key) => CommonLines.Value[key];

    private static List<Bolt3CommitmentVector> Parse()
    {
        var appendix = SpecFile.Appendix("03-transactions.md", "# Appendix C");
        var cases = new List<Bolt3CommitmentVector>();
        Dictionary<string, string>? current = null;
        List<Bolt3HtlcTxVector> htlcs = [];
        string? pendingRemote = null;
        string? pendingLocal = null;

        void Flush()
        {
            if (current is null)
            {
                return;
            }

            cases.Add(new Bolt3CommitmentVector(
                current["name"],
                ulong.Parse(current["to_local_msat"], System.Globalization.CultureInfo.InvariantCulture),
                ulong.Parse(current["to_remote_msat"], System.Globalization.CultureInfo.InvariantCulture),
                uint.Parse(current["local_feerate_per_kw"], System.Globalization.CultureInfo.InvariantCulture),
                current["remote_signature"],
                current["local_signature"],
                current["output commit_tx"],
                int.Parse(current["num_htlcs"], System.Globalization.CultureInfo.InvariantCulture),
                htlcs));
        }

        foreach (var raw in appendix.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("name:", StringComparison.Ordinal))
            {
                Flush();
                current = new Dictionary<string, string> { ["name"] = line[5..].Trim() };
                htlcs = [];
                continue;
            }

            if (current is null)
            {
                continue;
            }

            if (line.StartsWith("remote_htlc_signature = ", StringComparison.Ordinal))
            {
                pendingRemote = line["remote_htlc_signature = ".Length..];
            }
            else if (line.StartsWith("# local_htlc_signature = ", StringComparison.Ordinal))
            {
                pendingLocal = line["# local_htlc_signature = ".Length..];
            }
            else if (line.StartsWith("htlc_success_tx (htlc #", StringComparison.Ordinal) || line.StartsWith("htlc_timeout_tx (htlc #", StringComparison.Ordinal))
            {
                bool success = line.StartsWith("htlc_success", StringComparison.Ordinal);
                int hash = line.IndexOf('#', StringComparison.Ordinal);
                int close = line.IndexOf(')', StringComparison.Ordinal);
                int number = int.Parse(line[(hash + 1)..close], System.Globalization.CultureInfo.InvariantCulture);
                htlcs.Add(new Bolt3HtlcTxVector(success, number, pendingRemote!, pendingLocal!, line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()));
            }
            else if (line.StartsWith("remote_signature = ", StringComparison.Ordinal))
            {
                current["remote_signature"] = line["remote_signature = ".Length..];
            }
            else if (line.StartsWith("# local_signature = ", StringComparison.Ordinal))
            {
                current["local_signature"] = line["# local_signature = ".Length..];
            }
            else if (!line.StartsWith('#') && line.Contains(':', StringComparison.Ordinal))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                current[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        Flush();
        return cases;
    }
}
