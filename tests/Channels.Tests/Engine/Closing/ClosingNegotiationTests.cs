using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.Closing.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.Closing;

/// <summary>
/// BOLT 2 "Legacy Closing Negotiation: closing_signed" with <c>fee_range</c>, end to end
/// from a channel that carried transfers both ways. The meter funded the channel.
/// The meter closes to P2WPKH and the provider to P2WSH: the closing transaction's
/// expected weight is 724 (BOLT 3 "Fee Calculation", 73-byte signatures).
/// </summary>
public class ClosingNegotiationTests
{
    private const ulong ExpectedWeight = 724;

    [Fact]
    public void Both_sides_end_with_the_same_fully_signed_closing_transaction_paying_the_final_balances()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = new ClosingPair(pair);
        closing.Initiate(closing.Meter);
        closing.Run();

        // The funder spoke first, at 1000 sat/kw, and the provider accepted at once.
        Assert.Equal(2, closing.ClosingSignedSent.Count);
        var first = closing.ClosingSignedSent[0];
        Assert.Same(closing.Meter, closing.Log.First(e => e.Message is ClosingSigned).From);
        Assert.Equal(1_000UL * ExpectedWeight / 1000, first.FeeSatoshis);
        Assert.Equal(new ClosingFeeRange(500 * ExpectedWeight / 1000, 2_000 * ExpectedWeight / 1000), first.FeeRange);
        Assert.Equal(first.FeeSatoshis, closing.ClosingSignedSent[1].FeeSatoshis);

        var tx = closing.Meter.Broadcast!;
        Assert.Equal(tx, closing.Provider.Broadcast);
        Assert.True(closing.Meter.Negotiating!.IsAgreed);
        Assert.Equal(tx, closing.Provider.Negotiating!.SignedClosingTransaction);
        ClosingScenarios.AssertFullySigned(tx, closing.Meter.Commitments.Parameters);
        ClosingScenarios.AssertFullySigned(tx, closing.Provider.Commitments.Parameters);

        // BOLT 3 "Legacy Closing Transaction": version 2, locktime 0, the funding outpoint with
        // sequence 0xFFFFFFFF; outputs rounded down, the fee taken from the funder's.
        Assert.Equal(2, tx.Version);
        Assert.Equal(0u, tx.LockTime);
        Assert.Equal(pair.Meter.Parameters.FundingOutPoint, tx.Inputs[0].PrevOut);
        Assert.Equal(0xFFFFFFFFu, tx.Inputs[0].Sequence);
        var spec = closing.Meter.Commitments.LocalCommit.Spec;
        Assert.Equal(new MilliSatoshis(982_110_611), spec.ToLocal);
        Assert.Equal(new MilliSatoshis(17_889_389), spec.ToRemote);
        Assert.Equal(2, tx.Outputs.Length);
        Assert.Contains(tx.Outputs, o => o.Value == new Satoshis(982_110 - (long)first.FeeSatoshis) && o.ScriptPubKey.AsSpan().SequenceEqual(ClosingPair.MeterScript.Span));
        Assert.Contains(tx.Outputs, o => o.Value == new Satoshis(17_889) && o.ScriptPubKey.AsSpan().SequenceEqual(ClosingPair.ProviderScript.Span));
    }

    [Fact]
    public void The_fee_comes_from_the_expected_weight_with_maximum_size_signatures()
    {
        // Two P2WPKH outputs: 113 bytes without witness, 224 with it: 113 * 3 + 337 = 676.
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var p2wpkh = new ByteVector(StandardScripts.PayToWitnessPubKeyHash(Enumerable.Repeat((byte)0xbb, 20).ToArray()).AsSpan());
        var closing = new ClosingPair(pair, providerScript: p2wpkh);
        closing.Initiate(closing.Meter);
        closing.Run();

        Assert.Equal(676UL, closing.ClosingSignedSent[0].FeeSatoshis);
        var weight = closing.Meter.Broadcast!.Weight;
        Assert.InRange(weight, 672, 676);
    }

    [Theory]
    [InlineData(253u, 2, 724UL)] // the provider's estimate is lower: it takes the funder's fee
    [InlineData(500u, 2, 724UL)]
    [InlineData(1_000u, 2, 724UL)]
    [InlineData(1_500u, 3, 1_086UL)] // higher: it asks for its estimate, the funder confirms
    [InlineData(2_000u, 3, 1_448UL)]
    [InlineData(3_000u, 3, 1_448UL)] // above the funder's maximum: the top of the overlap
    public void Sides_with_different_targets_converge_within_both_ranges(uint providerFeerate, int messages, ulong agreedFee)
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = new ClosingPair(pair, providerFeerates: ClosingFeerates.Around(new FeeratePerKw(providerFeerate)));
        closing.Initiate(closing.Meter);
        closing.Run();

        Assert.Equal(messages, closing.ClosingSignedSent.Count);
        Assert.All(closing.ClosingSignedSent.Skip(messages - 2), m => Assert.Equal(agreedFee, m.FeeSatoshis));
        var meterRange = closing.ClosingSignedSent[0].FeeRange!.Value;
        var providerRange = closing.ClosingSignedSent[1].FeeRange!.Value;
        Assert.True(ClosingFees.Contains(meterRange, agreedFee));
        Assert.True(ClosingFees.Contains(providerRange, agreedFee));

        // "SHOULD set max_fee_satoshis to at least the max_fee_satoshis received".
        Assert.True(providerRange.MaxFeeSatoshis >= meterRange.MaxFeeSatoshis);

        var tx = closing.Meter.Broadcast!;
        Assert.Equal(tx, closing.Provider.Broadcast);
        ClosingScenarios.AssertFullySigned(tx, closing.Meter.Commitments.Parameters);
        Assert.Contains(tx.Outputs, o => o.Value == new Satoshis(982_110 - (long)agreedFee));
    }

    [Fact]
    public void Ranges_that_do_not_overlap_get_a_warning_and_leave_the_state_as_it_was()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = ClosingScenarios.ShutDown(new ClosingPair(pair, providerFeerates: ClosingFeerates.Around(new FeeratePerKw(5_000))));
        var before = closing.Provider.ShuttingDown!;
        var proposal = (ClosingSigned)closing.TakeTo(closing.Provider);

        var error = Assert.Throws<ClosingFeeRangesDoNotOverlapException>(() => closing.Deliver(closing.Provider, proposal));
        Assert.False(error.FailsChannel);
        Assert.Equal(new ClosingFeeRange(362, 1_448), error.Theirs);
        Assert.Equal(new ClosingFeeRange(2_500 * ExpectedWeight / 1000, 10_000 * ExpectedWeight / 1000), error.Ours);
        Assert.Same(before, closing.Provider.ShuttingDown);

        // The provider lowers its floor; the same proposal now closes the channel.
        closing.Provider.Feerates = ClosingFeerates.Around(new FeeratePerKw(1_000));
        closing.Deliver(closing.Provider, proposal);
        closing.Run();
        Assert.NotNull(closing.Meter.Broadcast);
        Assert.Equal(closing.Meter.Broadcast, closing.Provider.Broadcast);
    }

    [Fact]
    public void Negotiation_starts_only_when_ready()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var (state, _) = ShuttingDown.Initiate(pair.Meter, ClosingPair.MeterScript, ShutdownTerms.Default);
        Assert.Throws<InvalidOperationException>(() => Negotiating.Begin(state, pair.MeterSigner, ClosingFeerates.Around(new FeeratePerKw(1_000))));
    }

    [Fact]
    public void The_non_funder_waits_for_the_funder()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = ClosingScenarios.ShutDown(new ClosingPair(pair));
        var (state, message) = closing.Provider.ShuttingDown!.StartNegotiating(pair.ProviderSigner, closing.Provider.Feerates);
        Assert.Null(message);
        Assert.Null(state.LastSent);
        Assert.False(state.IsAgreed);
    }
}
