using Microchannels.Meter.Relay;
using Microchannels.Meter.Tests.Support;

namespace Microchannels.Meter.Tests.Relay;

public class SupplyPolicyTests
{
    /// <summary>Payments current: channel open, 500 msat owed of which 400 acknowledged, allowance 1000, nothing waiting.</summary>
    private static readonly SupplyConditions Current = new(
        Stopping: false,
        ChannelOpen: true,
        TariffRefused: false,
        OwedMsat: 500,
        AcknowledgedMsat: 400,
        AllowanceMsat: 1000,
        UnacknowledgedFor: null,
        AcknowledgementTimeout: TimeSpan.FromSeconds(30));

    [Fact]
    public void Payments_current_keep_the_supply_on()
    {
        Assert.Equal(SupplyDecision.Current, SupplyPolicy.Decide(Current));
        Assert.Equal(SupplyDecision.Current, SupplyPolicy.Decide(Current with { UnacknowledgedFor = TimeSpan.FromSeconds(30) }));
        Assert.Equal(SupplyDecision.Current, SupplyPolicy.Decide(Current with { OwedMsat = 1400 })); // exposure 1000 = allowance
        Assert.Equal(SupplyDecision.Current, SupplyPolicy.Decide(Current with { AcknowledgedMsat = 9000 })); // prepaid ahead
    }

    [Fact]
    public void Credit_exhausted_cuts_the_supply()
    {
        Assert.Equal(SupplyDecision.Off(SupplyReason.CreditExhausted), SupplyPolicy.Decide(Current with { OwedMsat = 1401 }));
    }

    [Fact]
    public void No_acknowledgement_for_longer_than_the_timeout_cuts_the_supply()
    {
        Assert.Equal(
            SupplyDecision.Off(SupplyReason.NoAcknowledgement),
            SupplyPolicy.Decide(Current with { UnacknowledgedFor = TimeSpan.FromSeconds(30.001) }));
    }

    [Fact]
    public void A_channel_not_open_cuts_the_supply()
    {
        Assert.Equal(SupplyDecision.Off(SupplyReason.ChannelNotOpen), SupplyPolicy.Decide(Current with { ChannelOpen = false }));
    }

    [Fact]
    public void A_refused_tariff_cuts_the_supply()
    {
        Assert.Equal(SupplyDecision.Off(SupplyReason.TariffRefused), SupplyPolicy.Decide(Current with { TariffRefused = true }));
    }

    [Fact]
    public void Stopping_cuts_the_supply_whatever_else_holds()
    {
        var everythingWrong = Current with { Stopping = true, ChannelOpen = false, TariffRefused = true, OwedMsat = 99_999, UnacknowledgedFor = TimeSpan.FromHours(1) };
        Assert.Equal(SupplyDecision.Off(SupplyReason.DaemonStopping), SupplyPolicy.Decide(everythingWrong));
    }

    [Fact]
    public void The_relay_starts_off_switches_with_logged_reasons_and_ends_off()
    {
        var output = new FakeRelayOutput();
        var logger = new ListLogger();
        var relay = new SupplyRelay(output, logger);
        Assert.False(output.Energised);
        Assert.Equal(SupplyReason.NotStarted, relay.State.Reason);

        // on, off (no ack), still off (credit), on again once payments are current, then stop.
        Assert.True(relay.Apply(SupplyPolicy.Decide(Current)));
        Assert.True(output.Energised);
        Assert.True(relay.Apply(SupplyPolicy.Decide(Current with { UnacknowledgedFor = TimeSpan.FromMinutes(1) })));
        Assert.False(output.Energised);
        Assert.False(relay.Apply(SupplyPolicy.Decide(Current with { OwedMsat = 5000 })));
        Assert.False(output.Energised);
        Assert.False(relay.Apply(SupplyPolicy.Decide(Current with { OwedMsat = 5000 })));
        Assert.True(relay.Apply(SupplyPolicy.Decide(Current)));
        Assert.True(output.Energised);
        relay.Dispose();

        Assert.True(output.Disposed);
        Assert.Equal([false, true, false, true, false], output.Levels);
        var messages = logger.Entries.Select(e => e.Message).ToList();
        Assert.Equal(
            [
                "Supply switched on: PaymentsCurrent",
                "Supply switched off: NoAcknowledgement",
                "Supply stays off; reason NoAcknowledgement is now CreditExhausted",
                "Supply switched on: PaymentsCurrent",
                "Supply switched off: DaemonStopping",
            ],
            messages);
    }
}
