using Microchannels.Meter.Daemon.Status;
using Microchannels.Meter.Daemon.Tests.Support;
using Xunit.Abstractions;

namespace Microchannels.Meter.Daemon.Tests;

/// <summary>
/// Issue 11 "Meter daemon" and "Tests", with real processes: the embedded chain, the provider
/// daemon and meterd. Open, fund, confirm, stream; the provider stops acknowledging and the
/// relay opens, then closes again once payments are acknowledged; a cooperative close on command.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class StreamingProcessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Meter_opens_funds_streams_cuts_supply_without_acknowledgements_and_closes_on_command()
    {
        await using var rig = await StreamingRig.StartAsync();
        await rig.StartMeterAsync();

        var open = await rig.FundAndOpenAsync();
        output.WriteLine($"open: channel {open.Channel.ChannelId}, funding {open.Channel.FundingOutpoint}, paid {open.Payments.PaidMsat} msat");
        Assert.Equal(StreamingRig.FundingSat, open.Channel.CapacitySat);
        var streaming = await rig.WaitAsync(s => s.Relay.On && s.Payments.PaidMsat >= 3 * StreamingRig.PriceMsatPerWh * 10, "the supply on while payments are current");
        Assert.Equal("PaymentsCurrent", streaming.Relay.Reason);
        Assert.NotNull(streaming.Payments.LastAcknowledgement);

        // meterd status, as a command of its own: the same report.
        var (code, text) = await rig.CommandAsync("status");
        Assert.Equal(0, code);
        Assert.Contains("\"phase\": \"streaming\"", text, StringComparison.Ordinal);

        // The provider stops acknowledging (paused: its connection stays up, nothing answers).
        rig.Provider.Signal(DaemonProcess.SigStop);
        var cut = await rig.WaitAsync(s => !s.Relay.On, "the relay to open without acknowledgements", 30);
        Assert.Equal("NoAcknowledgement", cut.Relay.Reason);
        ulong paidWhenCut = cut.Payments.PaidMsat;

        rig.Provider.Signal(DaemonProcess.SigCont);
        var restored = await rig.WaitAsync(s => s.Relay.On && s.Payments.PaidMsat > paidWhenCut, "the relay to close again once payments are acknowledged", 60);
        Assert.Equal("PaymentsCurrent", restored.Relay.Reason);
        output.WriteLine($"cut at {paidWhenCut} msat paid, restored at {restored.Payments.PaidMsat} msat");

        // Every acknowledged msat is energy × tariff for the committed reading, exactly.
        var settled = await QuietAsync(rig);
        AssertPaidExactly(settled);

        // meterd close: a cooperative close (BOLT 2 "Channel Close"); the closing transaction confirms.
        (code, text) = await rig.CommandAsync("close");
        Assert.Equal(0, code);
        Assert.Contains("cooperative close started", text, StringComparison.Ordinal);
        var closed = await rig.WaitAsync(s => s.Channel.State is "Closed" or "ClosingOnChain" or "MutualClose" && !s.Relay.On, "the cooperative close, and the supply cut", 120);
        Assert.Equal("ChannelNotOpen", closed.Relay.Reason);
        output.WriteLine($"closed: {closed.Channel.State}, meter balance {closed.Channel.BalanceMsat} msat");
    }

    /// <summary>A status with nothing in flight, read twice the same (the channel and the streamer agree).</summary>
    internal static async Task<MeterStatus> QuietAsync(StreamingRig rig)
    {
        MeterStatus? previous = null;
        return await rig.WaitAsync(
            s =>
            {
                bool same = s.Payments.InFlightMsat is null && previous is { Payments.InFlightMsat: null } p
                    && p.Channel.CommittedReading == s.Channel.CommittedReading && p.Channel.BalanceMsat == s.Channel.BalanceMsat && s.Channel.Connected;
                previous = s;
                return same;
            },
            "a quiet moment (no transfer in flight)",
            60);
    }

    /// <summary>
    /// The simulated meter's register starts at zero with the ledger, the tariff is flat and
    /// 1000 imp/kWh makes a pulse one Wh: the channel has moved exactly price × pulses of the
    /// last reading it committed. A lost pulse would leave less; a Wh paid twice, more.
    /// </summary>
    internal static void AssertPaidExactly(MeterStatus status)
    {
        var reading = status.Channel.CommittedReading ?? throw new Xunit.Sdk.XunitException("no committed reading");
        ulong movedMsat = (status.Channel.CapacitySat!.Value * 1000) - status.Channel.BalanceMsat!.Value;
        Assert.Equal(reading.PulseCount * StreamingRig.PriceMsatPerWh, movedMsat);
        Assert.Equal(reading.PulseCount, reading.CumulativeWh);
    }
}
