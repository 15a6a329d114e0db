using System.Text.Json;
using System.Text.RegularExpressions;
using Microchannels.Demo.Run;
using Microchannels.Demo.Tests.Support;
using Xunit.Abstractions;

namespace Microchannels.Demo.Tests;

/// <summary>
/// Issue 13 "The demo itself, in CI": the demo on the SIMULATED embedded chain, 3 meters, 20 s.
/// Every channel opened and closed on chain, the balances add up to the satoshi against the
/// transfers and the fees (recomputed here from the figures the demo read, not taken from its
/// own verdict), no child process is left behind, and the exit code is 0. It takes about two
/// minutes on an idle two-core machine; the generous timeouts are for a machine shared with
/// other builds, where each daemon takes far longer to start.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed partial class DemoRunTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Demo_on_the_embedded_chain_opens_streams_closes_and_adds_up_to_the_satoshi()
    {
        await using var demo = DemoProcess.Start("--chain", "embedded", "--meters", "3", "--seconds", "20", "--interval", "2");
        int code = await demo.WaitForExitAsync(TimeSpan.FromMinutes(15));
        output.WriteLine(demo.Output);
        Assert.True(code == 0, $"exit code {code}");
        Assert.Contains("SIMULATED embedded regtest chain", demo.Output, StringComparison.Ordinal);
        Assert.Empty(demo.Leftovers());

        var outcomes = JsonSerializer.Deserialize<List<ChannelOutcome>>(await File.ReadAllTextAsync(Path.Combine(demo.Directory, "summary.json")), SummaryJson.Options)!;
        Assert.Equal(3, outcomes.Count);
        Assert.Equal(3, outcomes.Select(o => o.MeterNodeId).Distinct().Count());
        Assert.Single(outcomes, o => o.Close == "force");
        foreach (var o in outcomes)
        {
            Assert.Empty(o.Problems);

            // Opened and closed on chain: both transactions confirmed.
            Assert.Matches(Txid(), o.FundingTxid);
            Assert.Matches(Txid(), o.ClosingTxid);
            Assert.True(o.FundingConfirmations >= 1, $"{o.Meter}: funding unconfirmed");
            Assert.True(o.ClosingConfirmations >= 1, $"{o.Meter}: close unconfirmed");

            // To the satoshi: the funding output is the final balances plus the fees.
            Assert.Equal(o.FundingSat, o.MeterFinalSat + o.ProviderFinalSat + o.FeesSat);
            Assert.True(o.FeesSat > 0, $"{o.Meter}: no fee");

            // The journal, the channel's totals and the meter agree on what was paid.
            Assert.True(o.TransferCount > 0, $"{o.Meter}: no transfer");
            Assert.Equal((long)o.ReceivedMsat - (long)o.SentMsat, o.JournalNetMsat);
            Assert.Equal(o.ReceivedMsat, o.MeterPaidMsat);

            // The provider's output is its transfers rounded down to the satoshi (BOLT 3), or none below the dust limit.
            if (o.ProviderCloseOutputSat is { } providerOutput)
            {
                Assert.Equal(o.JournalNetMsat / 1000, providerOutput);
            }
            else
            {
                Assert.True(o.JournalNetMsat / 1000 < 546, $"{o.Meter}: {o.JournalNetMsat} msat paid, yet no provider output");
            }

            Assert.True(o.StatementVerified, $"{o.Meter}: {o.Statement}");
            Assert.Contains("mcli verify-statement: verified", o.Statement, StringComparison.Ordinal);
        }

        // The force-closed channel: the provider's to_local swept only after to_self_delay.
        var forced = outcomes.Single(o => o.Close == "force");
        Assert.NotNull(forced.SweepTxid);
        Assert.True(forced.SweepAfterBlocks >= forced.ToSelfDelay, $"swept {forced.SweepAfterBlocks} blocks after the commitment, to_self_delay {forced.ToSelfDelay}");
        Assert.True(forced.ProviderFinalSat < forced.ProviderCloseOutputSat, "the sweep pays a fee");
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Txid();
}
