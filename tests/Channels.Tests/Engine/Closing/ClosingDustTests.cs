using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.Closing.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.Closing;

/// <summary>
/// BOLT 3 "Legacy Closing Transaction": each signer removes outputs "below its own
/// dust_limit_satoshis" and "MAY eliminate its own output"; BOLT 2: the receiver accepts
/// "either variant" and fails on outputs below relay dust for their script.
/// </summary>
public class ClosingDustTests
{
    [Fact]
    public void A_funder_whose_output_is_dust_to_itself_drops_it_and_the_other_side_accepts_that_variant()
    {
        // The meter keeps 3,000 sat but its own dust limit is 5,000; the provider's is 546.
        using var pair = new ChannelPair(meterInitialMsat: 3_000_000);
        ClosingScenarios.SetDustLimit(pair, meter: true, new Satoshis(5_000));
        var closing = new ClosingPair(pair);
        closing.Initiate(closing.Meter);
        closing.Run();

        var tx = closing.Meter.Broadcast!;
        Assert.Equal(tx, closing.Provider.Broadcast);
        var output = Assert.Single(tx.Outputs);
        Assert.Equal(new Satoshis(997_000), output.Value);
        Assert.Equal(ClosingPair.ProviderScript.Span.ToArray(), output.ScriptPubKey.ToBytes());
        ClosingScenarios.AssertFullySigned(tx, pair.Provider.Parameters);
    }

    [Fact]
    public void Disagreeing_about_whose_output_is_dust_fails_the_signature_check()
    {
        // The provider considers its own 3,000 sat dust (limit 5,000), so the transaction it
        // builds has no provider output and the meter's signature, which kept it, cannot be
        // for either variant: BOLT 3's "irreparable differences".
        using var pair = new ChannelPair(meterInitialMsat: 997_000_000);
        ClosingScenarios.SetDustLimit(pair, meter: false, new Satoshis(5_000));
        var closing = ClosingScenarios.ShutDown(new ClosingPair(pair));
        var proposal = (ClosingSigned)closing.TakeTo(closing.Provider);
        Assert.Throws<InvalidClosingSignatureException>(() => closing.Deliver(closing.Provider, proposal));
    }

    [Theory]
    [InlineData(400L, true)] // below P2PKH's 546
    [InlineData(600L, false)]
    public void An_output_below_the_relay_dust_of_its_script_fails_the_channel(long providerSatoshis, bool belowDust)
    {
        // An old peer closing to P2PKH, accepted for backwards compatibility, with dust limits
        // of 354 on both sides (the lowest BOLT 2 allows).
        using var pair = new ChannelPair(meterInitialMsat: (ChannelPair.FundingSatoshis - providerSatoshis) * 1000);
        ClosingScenarios.SetDustLimit(pair, meter: true, new Satoshis(354));
        ClosingScenarios.SetDustLimit(pair, meter: false, new Satoshis(354));
        var p2pkh = new ByteVector(StandardScripts.PayToPubKeyHash(Enumerable.Repeat((byte)0x11, 20).ToArray()).AsSpan());
        var terms = new ShutdownTerms(AnySegwit: false, AcceptLegacyRemoteScripts: true);

        var (meter, _) = ShuttingDown.Initiate(pair.Meter, ClosingPair.MeterScript, terms);
        (meter, _) = meter.ReceiveShutdown(ClosingPair.RoundTrip(new Shutdown(pair.Meter.ChannelId, p2pkh)));
        var (negotiating, first) = meter.StartNegotiating(pair.MeterSigner, ClosingFeerates.Around(new FeeratePerKw(1_000)));
        ClosingPair.RoundTrip(first!);

        var provider = new ClosingSide("provider", pair.Provider, pair.ProviderSigner, p2pkh, ClosingFeerates.Around(new FeeratePerKw(1_000)), terms);
        var answer = ClosingScenarios.Proposal(provider, first!.FeeSatoshis, first.FeeRange, fromScript: p2pkh, toScript: ClosingPair.MeterScript);
        if (belowDust)
        {
            var error = Assert.Throws<ClosingOutputBelowDustException>(() => negotiating.ReceiveClosingSigned(answer, pair.MeterSigner));
            Assert.Equal(new Satoshis(400), error.Value);
            Assert.Equal(ShutdownScriptKind.PayToPubKeyHash, error.Kind);
            Assert.Equal(new Satoshis(546), error.Threshold);
            Assert.True(error.FailsChannel);
        }
        else
        {
            var outcome = negotiating.ReceiveClosingSigned(answer, pair.MeterSigner);
            Assert.True(outcome.IsAgreed);
            Assert.Null(outcome.Reply);
            Assert.Contains(outcome.SignedClosingTransaction!.Outputs, o => o.Value == new Satoshis(600) && o.ScriptPubKey.ToBytes().AsSpan().SequenceEqual(p2pkh.Span));
        }
    }
}
