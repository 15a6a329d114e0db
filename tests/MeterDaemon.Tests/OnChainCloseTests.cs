using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Meter.Daemon.Status;
using Microchannels.Meter.Daemon.Tests.Support;
using Microchannels.Provider.Api.V1;
using Xunit.Abstractions;

namespace Microchannels.Meter.Daemon.Tests;

/// <summary>
/// Issue 11 "Meter daemon", with real processes on the SIMULATED embedded chain: meterd
/// force-closes when the provider stays silent past its limit and gets its funds back after
/// to_self_delay; and when the provider broadcasts a revoked commitment (its data restored
/// from an old backup), meterd's penalty takes the whole channel, checked to the satoshi.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class OnChainCloseTests(ITestOutputHelper output)
{
    /// <summary>The to_self_delay the provider imposes on the meter's own outputs (ChannelAcceptancePolicy's default).</summary>
    private const int ToSelfDelay = 144;

    /// <summary>The commitment feerate the meter opens at when the chain gives no estimate (set in the rig's environment).</summary>
    private const ulong FallbackFeeratePerKw = 2500;

    [Fact]
    public async Task Meter_force_closes_when_the_provider_stays_silent_and_its_funds_come_back_after_to_self_delay()
    {
        await using var rig = await StreamingRig.StartAsync(new Dictionary<string, string> { ["MICROCHANNELS_CHANNEL__FORCECLOSEAFTERSECONDS"] = "4", ["MICROCHANNELS_CHANNEL__FALLBACKFEERATEPERKW"] = "2500" });
        await rig.StartMeterAsync();
        await rig.FundAndOpenAsync();
        await StreamingProcessTests.QuietAsync(rig);

        // Silent: the connection stays up and nothing answers.
        rig.Provider.Signal(DaemonProcess.SigStop);
        var closing = await rig.WaitAsync(s => s.Channel.OnChain is { SpendingDepth: >= 1 }, "the meter's commitment confirmed", 90);
        Assert.Equal("LocalCommitment", closing.Channel.OnChain!.Kind);
        Assert.Contains("Force-closing the channel: the provider left a transfer unacknowledged for more than 4 s", rig.Meter!.Output, StringComparison.Ordinal);

        // The commitment pays the meter's balance less the commitment fee (the meter opened the
        // channel, so it pays the fee) to to_local, and the provider's balance to to_remote.
        var commitment = (await rig.Chain.GetRawTransactionInfoAsync(TxId.Parse(closing.Channel.OnChain.SpendingTxId))).Transaction;
        ulong capacity = closing.Channel.CapacitySat!.Value;
        ulong commitmentFee = capacity - Sum(commitment.Outputs);
        var claimTxId = TxId.Parse(closing.Channel.OnChain.ClaimTxId!);

        // Not before to_self_delay: the sweep waits (BIP 68, enforced by the chain's script check).
        // (The chain also mines a block a second: 30 blocks of margin.)
        await rig.MineAsync(ToSelfDelay - 30);
        var waiting = await rig.WaitAsync(s => s.Channel.OnChain!.SpendingDepth >= ToSelfDelay - 29, "the meter to see the blocks", 60);
        Assert.True(waiting.Channel.OnChain!.SpendingDepth < ToSelfDelay, $"depth {waiting.Channel.OnChain.SpendingDepth} already");
        Assert.Equal(0u, waiting.Channel.OnChain!.ClaimDepth);
        Assert.Null((await TryGetAsync(rig, claimTxId))?.Confirmations);

        await rig.MineAsync(40);
        var swept = await rig.WaitAsync(s => s.Channel.OnChain!.ClaimDepth >= 1, "the delayed output swept", 60);
        // The sweep that confirmed: claims are re-signed at a higher fee as blocks pass (issue 14,
        // docs/ARCHITECTURE.md), so it may be a later version than the one first broadcast.
        var claim = (await rig.Chain.GetRawTransactionInfoAsync(TxId.Parse(swept.Channel.OnChain!.ClaimTxId!))).Transaction;
        var claimed = Assert.Single(claim.Inputs);
        Assert.Equal(commitment.GetTxId(), claimed.PrevOut.TxId);
        Assert.Equal((uint)ToSelfDelay, claimed.Sequence);
        var toLocal = commitment.Outputs[(int)claimed.PrevOut.Index];
        // BOLT 3 "Fee Calculation": the opener (the meter) pays feerate × 724 / 1000 sat for a
        // commitment without HTLCs, at the fallback feerate the rig sets (regtest has no estimate);
        // each balance is rounded down to the satoshi and one below the dust limit is trimmed.
        Assert.Equal((closing.Channel.BalanceMsat!.Value / 1000) - (FallbackFeeratePerKw * 724 / 1000), (ulong)toLocal.Value.Value);
        ulong remoteSat = closing.Channel.RemoteBalanceMsat!.Value / 1000;
        if (commitment.Outputs.Length == 2)
        {
            Assert.Contains(commitment.Outputs, o => (ulong)o.Value.Value == remoteSat);
        }
        else
        {
            Assert.True(remoteSat < 546, $"to_remote of {remoteSat} sat trimmed");
        }

        var paid = Assert.Single(claim.Outputs);
        Assert.Equal(swept.Channel.OnChain!.OurAmountSat, (ulong)paid.Value.Value);
        Assert.True(paid.Value < toLocal.Value, "the sweep pays its own fee");
        output.WriteLine($"force close: to_local {toLocal.Value.Value} sat, swept {paid.Value.Value} sat after {ToSelfDelay} blocks, commitment fee {commitmentFee} sat");
    }

    [Fact]
    public async Task Meter_punishes_a_provider_that_broadcasts_a_revoked_commitment_and_takes_the_whole_channel()
    {
        await using var rig = await StreamingRig.StartAsync(new Dictionary<string, string> { ["MICROCHANNELS_TARIFF__CEILINGMSATPERWH"] = "200000" });
        await rig.StartMeterAsync();
        var open = await rig.FundAndOpenAsync();

        // The provider must hold more than dust in the state it will cheat with, or there is no
        // output to take: a high price makes it so within seconds (1,000 sat a second).
        await rig.SetTariffAsync(null, 100_000);
        open = await rig.WaitAsync(s => s.Payments.PaidMsat > 5_000_000 && s.Payments.InFlightMsat is null, "the provider's balance past dust", 90);

        // A backup of the provider's data, taken while it is stopped.
        await rig.StopProviderAsync();
        string backup = Path.Combine(Path.GetDirectoryName(rig.ProviderDirectory)!, "provider-backup");
        Copy(rig.ProviderDirectory, backup);
        await rig.StartProviderAsync();

        // The channel moves on: the backup's latest commitment is revoked.
        var after = await rig.WaitAsync(s => s.Channel.Connected && s.Payments.PaidMsat > open.Payments.PaidMsat + (5 * StreamingRig.PriceMsatPerWh * 10), "payments past the backup", 90);

        // The provider comes back from the backup and force-closes while the meter sleeps: it
        // broadcasts its latest commitment as it knows it, one the meter holds the secret of.
        rig.Meter!.Signal(DaemonProcess.SigStop);
        await rig.StopProviderAsync();
        Directory.Delete(rig.ProviderDirectory, recursive: true);
        Copy(backup, rig.ProviderDirectory);
        await rig.StartProviderAsync();
        var closed = await ForceCloseAsync(rig, open.NodeId);
        var revoked = TxId.Parse(closed.ClosingTxid);
        rig.Meter.Signal(DaemonProcess.SigCont);

        var punished = await rig.WaitAsync(s => s.Channel.OnChain is { Kind: "RevokedRemoteCommitment", ClaimDepth: >= 1 }, "the meter's penalty confirmed", 120);
        Assert.Equal(revoked.ToString(), punished.Channel.OnChain!.SpendingTxId);

        // To the satoshi: the revoked commitment paid the meter its old balance (to_remote), the
        // penalty took the provider's to_local, and the provider gets nothing; everything but
        // the two transactions' fees is the meter's, at the meter's own key.
        var commitment = (await rig.Chain.GetRawTransactionInfoAsync(revoked)).Transaction;
        var penalty = (await rig.Chain.GetRawTransactionInfoAsync(TxId.Parse(punished.Channel.OnChain.ClaimTxId!))).Transaction;
        ulong capacity = after.Channel.CapacitySat!.Value;
        ulong commitmentFee = capacity - Sum(commitment.Outputs);
        var taken = Assert.Single(penalty.Inputs);
        Assert.Equal(revoked, taken.PrevOut.TxId);
        ulong penaltyFee = (ulong)commitment.Outputs[(int)taken.PrevOut.Index].Value.Value - Sum(penalty.Outputs);
        var meterScript = Assert.Single(penalty.Outputs).ScriptPubKey;
        var toRemote = Assert.Single(commitment.Outputs, o => o.ScriptPubKey == meterScript);
        ulong meterGets = (ulong)toRemote.Value.Value + Sum(penalty.Outputs);
        Assert.Equal(capacity - commitmentFee - penaltyFee, meterGets);
        Assert.Equal(meterGets, punished.Channel.OnChain.OurAmountSat);
        // The meter opened the channel, so its output also carries the commitment fee (BOLT 3
        // "Fee Payment": the funder's output pays it): its balance then was the output plus the fee.
        Assert.True((ulong)toRemote.Value.Value + commitmentFee > after.Channel.BalanceMsat!.Value / 1000, "the revoked state paid the meter more than the latest one: older, with less paid");
        output.WriteLine($"penalty: the meter took {meterGets} sat of {capacity} (commitment fee {commitmentFee}, penalty fee {penaltyFee})");
    }

    /// <summary>CloseChannel by force, once the restarted provider reaches the chain (UNAVAILABLE until then).</summary>
    private static async Task<CloseChannelResponse> ForceCloseAsync(StreamingRig rig, string meter)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                return await rig.Api.CloseChannelAsync(new CloseChannelRequest { MeterNodeId = meter, Force = new ForceClose { Reason = "restored from an old backup" }, WaitForTxid = true }, deadline: deadline);
            }
            catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.Unavailable && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }

    private static ulong Sum(IEnumerable<TxOut> outputs) => (ulong)outputs.Sum(o => o.Value.Value);

    private static async Task<Settlement.Rpc.RawTransactionInfo?> TryGetAsync(StreamingRig rig, TxId txId)
    {
        try
        {
            return await rig.Chain.GetRawTransactionInfoAsync(txId);
        }
        catch (Settlement.Rpc.BitcoindRpcException)
        {
            return null; // not in the mempool or a block
        }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
