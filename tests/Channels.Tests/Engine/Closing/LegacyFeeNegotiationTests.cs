using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.Closing.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.Closing;

/// <summary>
/// BOLT 2 "closing_signed" against a peer that sends no <c>fee_range</c> (played here by
/// stripping it from every message): proposals move "strictly between" the last two fees,
/// and each side stays within its own range.
/// </summary>
public class LegacyFeeNegotiationTests
{
    // The meter: [362, 1448] around 724 sat. The provider: 2,000..6,000 sat/kw around 3,000.
    private static readonly ClosingFeerates ProviderConverging = new(new FeeratePerKw(3_000), new FeeratePerKw(2_000), new FeeratePerKw(6_000));

    // The provider's floor of 1810 sat lies above the meter's maximum of 1448.
    private static readonly ClosingFeerates ProviderStuck = new(new FeeratePerKw(3_000), new FeeratePerKw(2_500), new FeeratePerKw(6_000));

    [Fact]
    public void Without_fee_range_the_sides_meet_at_the_edge_of_the_funders_range()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = Legacy(pair, ProviderConverging);
        closing.Initiate(closing.Meter);
        closing.Run();

        Assert.Equal([724UL, 1_448UL, 1_448UL], closing.ClosingSignedSent.Select(m => m.FeeSatoshis));
        Assert.All(closing.ClosingSignedSent, m => Assert.Null(m.FeeRange));
        Assert.NotNull(closing.Meter.Broadcast);
        Assert.Equal(closing.Meter.Broadcast, closing.Provider.Broadcast);
        ClosingScenarios.AssertFullySigned(closing.Meter.Broadcast!, pair.Meter.Parameters);
    }

    [Fact]
    public void Without_fee_range_a_side_that_cannot_move_within_its_range_stops_with_a_warning()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = Legacy(pair, ProviderStuck);
        closing.Initiate(closing.Meter);

        // 724 (meter), 1810 (provider's floor), 1448 (meter's ceiling), and the provider is stuck.
        var error = Assert.Throws<ClosingFeeRangesDoNotOverlapException>(() => closing.Run());
        Assert.Equal([724UL, 1_810UL, 1_448UL], closing.ClosingSignedSent.Select(m => m.FeeSatoshis));
        Assert.Equal(new ClosingFeeRange(1_448, 1_448), error.Theirs);
        Assert.Equal(new ClosingFeeRange(1_810, 4_344), error.Ours);
        Assert.Null(closing.Provider.Broadcast);
    }

    [Theory]
    [InlineData(700UL)] // below both previous fees
    [InlineData(724UL)] // equal to the previous one received is not strictly between
    [InlineData(1_900UL)] // above both
    public void Without_fee_range_a_fee_not_strictly_between_the_last_two_fails(ulong fee)
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = Legacy(pair, ProviderStuck);
        closing.Initiate(closing.Meter);
        closing.Run(stopBefore: m => m is ClosingSigned { FeeSatoshis: 1_448 });
        closing.TakeTo(closing.Provider);
        var provider = closing.Provider.Negotiating!;

        var forged = ClosingScenarios.Proposal(closing.Meter, fee, range: null);
        var error = Assert.Throws<ClosingFeeNotConvergingException>(() => provider.ReceiveClosingSigned(forged, pair.ProviderSigner));
        Assert.Equal(1_810UL, error.LastSentFeeSatoshis);
        Assert.Equal(724UL, error.LastReceivedFeeSatoshis);
        Assert.True(error.FailsChannel);
    }

    [Fact]
    public void After_reconnection_negotiation_restarts_and_forgets_the_earlier_fees()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = Legacy(pair, ProviderStuck);
        closing.Initiate(closing.Meter);
        Assert.Throws<ClosingFeeRangesDoNotOverlapException>(() => closing.Run());

        // Reconnected (shutdowns re-sent); the provider lowered its floor. The meter's 724 is
        // no longer held against "strictly between" the old 1810 and 724.
        closing.Provider.Feerates = ProviderConverging;
        var (provider, none) = closing.Provider.Negotiating!.Restart(pair.ProviderSigner, closing.Provider.Feerates);
        Assert.Null(none);
        Assert.Null(provider.LastSent);
        Assert.Null(provider.LastReceivedFeeSatoshis);
        var (meter, first) = closing.Meter.Negotiating!.Restart(pair.MeterSigner, closing.Meter.Feerates);
        closing.Provider.Enter(provider);
        closing.Meter.Enter(meter);
        closing.Send(closing.Meter, first!);
        closing.Run();

        Assert.Equal([724UL, 1_810UL, 1_448UL, 724UL, 1_448UL, 1_448UL], closing.ClosingSignedSent.Select(m => m.FeeSatoshis));
        Assert.NotNull(closing.Meter.Broadcast);
        Assert.Equal(closing.Meter.Broadcast, closing.Provider.Broadcast);
    }

    private static ClosingPair Legacy(ChannelPair pair, ClosingFeerates providerFeerates) =>
        new(pair, providerFeerates: providerFeerates) { RewriteClosingSigned = m => m with { FeeRange = null } };
}
