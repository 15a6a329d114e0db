using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.Closing.Errors;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.Closing;

/// <summary>
/// A misbehaving peer during closing negotiation, one rule at a time: each gets its own
/// typed error and leaves our state as it was, from which the honest exchange still completes.
/// </summary>
public class ClosingSignedAdversarialTests
{
    private static ClosingPair ShutDown(ChannelPair pair, ClosingFeerates? providerFeerates = null) =>
        ClosingScenarios.ShutDown(new ClosingPair(pair, providerFeerates: providerFeerates));

    [Fact]
    public void A_bad_signature_on_the_first_proposal_is_rejected()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = ShutDown(pair);
        var genuine = (ClosingSigned)closing.TakeTo(closing.Provider);
        var bytes = genuine.Signature.ToArray();
        bytes[5] ^= 0x01;
        var before = closing.Provider.ShuttingDown!;

        var error = Assert.Throws<InvalidClosingSignatureException>(() => closing.Deliver(closing.Provider, ClosingPair.RoundTrip(genuine with { Signature = new CompactSignature(bytes) })));
        Assert.True(error.FailsChannel);
        Assert.Equal(genuine.FeeSatoshis, error.FeeSatoshis);
        Assert.Same(before, closing.Provider.ShuttingDown);

        closing.Deliver(closing.Provider, genuine);
        closing.Run();
        Assert.Equal(closing.Meter.Broadcast, closing.Provider.Broadcast);
    }

    [Fact]
    public void A_high_s_signature_is_rejected()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = ShutDown(pair);
        var genuine = (ClosingSigned)closing.TakeTo(closing.Provider);
        var highS = ClosingPair.RoundTrip(genuine with { Signature = Signatures.HighS(genuine.Signature) });
        Assert.Throws<InvalidClosingSignatureException>(() => closing.Deliver(closing.Provider, highS));
    }

    [Fact]
    public void A_signature_for_another_fee_is_rejected_by_the_funder_and_the_genuine_counter_then_accepted()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = ShutDown(pair, ClosingFeerates.Around(new FeeratePerKw(2_000)));
        closing.DeliverTo(closing.Provider);
        var counter = (ClosingSigned)closing.TakeTo(closing.Meter);
        Assert.Equal(1_448UL, counter.FeeSatoshis);
        var before = closing.Meter.Negotiating!;

        // The signature is for the transaction with 1448 sat of fee, not 1447.
        var moved = ClosingPair.RoundTrip(counter with { FeeSatoshis = 1_447 });
        Assert.Throws<InvalidClosingSignatureException>(() => before.ReceiveClosingSigned(moved, pair.MeterSigner));
        Assert.Same(before, closing.Meter.Negotiating);

        closing.Deliver(closing.Meter, counter);
        closing.Run();
        Assert.NotNull(closing.Provider.Broadcast);
        Assert.Equal(closing.Meter.Broadcast, closing.Provider.Broadcast);
    }

    [Theory]
    [InlineData(982_111UL)] // one above the meter's 982,110.611 sat
    [InlineData(ulong.MaxValue)]
    public void A_fee_above_the_funders_balance_is_rejected(ulong fee)
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = ShutDown(pair);
        closing.TakeTo(closing.Provider);
        var forged = ClosingPair.RoundTrip(new ClosingSigned(pair.Meter.ChannelId, fee, new CompactSignature(new byte[64])) { FeeRange = new ClosingFeeRange(0, ulong.MaxValue) });

        var error = Assert.Throws<ClosingFeeAboveFunderBalanceException>(() => closing.Deliver(closing.Provider, forged));
        Assert.Equal(new Satoshis(982_110), error.FunderBalance);
        Assert.True(error.FailsChannel);
    }

    [Fact]
    public void The_funders_whole_balance_as_fee_is_within_its_means_but_still_signed_for()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = ShutDown(pair);
        closing.TakeTo(closing.Provider);
        var forged = ClosingPair.RoundTrip(new ClosingSigned(pair.Meter.ChannelId, 982_110, new CompactSignature(new byte[64])) { FeeRange = new ClosingFeeRange(0, 982_110) });
        Assert.Throws<InvalidClosingSignatureException>(() => closing.Deliver(closing.Provider, forged));
    }

    [Theory]
    [InlineData(800UL, 900UL)]
    [InlineData(900UL, 700UL)] // an inverted range holds no fee
    public void A_fee_outside_the_senders_own_range_is_rejected(ulong min, ulong max)
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = ShutDown(pair);
        var genuine = (ClosingSigned)closing.TakeTo(closing.Provider);
        var forged = ClosingPair.RoundTrip(genuine with { FeeRange = new ClosingFeeRange(min, max) });

        var error = Assert.Throws<ClosingFeeOutsideRangeException>(() => closing.Deliver(closing.Provider, forged));
        Assert.Equal(new ClosingFeeRange(min, max), error.Range);
    }

    [Fact]
    public void The_funder_rejects_a_counter_outside_the_overlap_of_the_ranges()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = ShutDown(pair, ClosingFeerates.Around(new FeeratePerKw(2_000)));
        closing.DeliverTo(closing.Provider);
        closing.TakeTo(closing.Meter);

        // Signed, and inside its own range [700, 3000], but above the meter's maximum of 1448.
        var counter = ClosingScenarios.Proposal(closing.Provider, 1_500, new ClosingFeeRange(700, 3_000));
        var error = Assert.Throws<ClosingFeeOutsideRangeException>(() => closing.Deliver(closing.Meter, counter));
        Assert.Equal(new ClosingFeeRange(700, 1_448), error.Range);
        Assert.True(error.FailsChannel);
    }

    [Fact]
    public void The_funder_warns_about_a_counter_whose_range_does_not_overlap()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = ShutDown(pair, ClosingFeerates.Around(new FeeratePerKw(2_000)));
        closing.DeliverTo(closing.Provider);
        closing.TakeTo(closing.Meter);

        var counter = ClosingScenarios.Proposal(closing.Provider, 2_000, new ClosingFeeRange(1_500, 3_000));
        var error = Assert.Throws<ClosingFeeRangesDoNotOverlapException>(() => closing.Deliver(closing.Meter, counter));
        Assert.False(error.FailsChannel);
        Assert.Equal(new ClosingFeeRange(362, 1_448), error.Ours);
    }

    [Fact]
    public void The_non_funder_fails_the_channel_when_the_funder_confirms_another_fee()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = ShutDown(pair, ClosingFeerates.Around(new FeeratePerKw(2_000)));
        closing.DeliverTo(closing.Provider);
        closing.TakeTo(closing.Meter);
        var before = closing.Provider.Negotiating!;

        var other = ClosingScenarios.Proposal(closing.Meter, 1_000, new ClosingFeeRange(362, 1_448));
        var error = Assert.Throws<ClosingFeeMismatchException>(() => closing.Deliver(closing.Provider, other));
        Assert.Equal(1_448UL, error.SentFeeSatoshis);
        Assert.Equal(1_000UL, error.ReceivedFeeSatoshis);
        Assert.Same(before, closing.Provider.Negotiating);
    }

    [Fact]
    public void A_closing_signed_after_agreement_changes_nothing()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = new ClosingPair(pair);
        closing.Initiate(closing.Meter);
        closing.Run();
        var agreed = closing.Meter.Negotiating!;

        var late = closing.ClosingSignedSent[^1];
        var error = Assert.Throws<UnexpectedClosingSignedException>(() => agreed.ReceiveClosingSigned(late, pair.MeterSigner));
        Assert.True(error.AfterAgreement);
        Assert.False(error.FailsChannel);

        // A reconnection does not reopen an agreed close.
        var (restarted, message) = agreed.Restart(pair.MeterSigner, closing.Meter.Feerates);
        Assert.Same(agreed, restarted);
        Assert.Null(message);
    }

    [Fact]
    public void A_closing_signed_for_another_channel_is_rejected()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = ShutDown(pair, ClosingFeerates.Around(new FeeratePerKw(2_000)));
        closing.DeliverTo(closing.Provider);
        var counter = (ClosingSigned)closing.TakeTo(closing.Meter);
        var elsewhere = ClosingPair.RoundTrip(counter with { ChannelId = new ChannelId(new byte[32]) });
        Assert.Throws<WrongChannelException>(() => closing.Meter.Negotiating!.ReceiveClosingSigned(elsewhere, pair.MeterSigner));
    }

    [Fact]
    public void A_fee_that_leaves_no_output_is_rejected()
    {
        // The meter holds everything; a fee of all of it leaves nothing to pay out.
        using var pair = new ChannelPair();
        var closing = ShutDown(pair);
        closing.TakeTo(closing.Provider);
        var forged = ClosingPair.RoundTrip(new ClosingSigned(pair.Meter.ChannelId, 1_000_000, new CompactSignature(new byte[64])) { FeeRange = new ClosingFeeRange(0, 1_000_000) });
        var error = Assert.Throws<ClosingTransactionWithoutOutputsException>(() => closing.Deliver(closing.Provider, forged));
        Assert.Equal(1_000_000UL, error.FeeSatoshis);
    }
}
