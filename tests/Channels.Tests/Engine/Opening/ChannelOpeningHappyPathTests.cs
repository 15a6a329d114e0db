using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.Opening;

/// <summary>
/// BOLT 2 "Channel Establishment v1" from open_channel to channel_ready, every message
/// through <see cref="MessageCodec"/>, ending in two <see cref="Commitments"/> that
/// then stream transfers.
/// </summary>
public class ChannelOpeningHappyPathTests
{
    [Fact]
    public void Meter_and_provider_open_a_channel_and_stream_a_transfer()
    {
        using var fixture = new OpeningFixture();
        var pair = fixture.Pair;

        // (1) open_channel, (2) accept_channel.
        var (meterAwaitingAccept, open) = fixture.Start();
        var (providerAwaitingCreated, accept) = fixture.Accept(open);
        var meterAwaitingFunding = meterAwaitingAccept.ReceiveAcceptChannel(OpeningFixture.OverTheWire(accept), fixture.Policy);

        // The wallet pays the funding script; (3) funding_created carries the outpoint.
        var fundingTx = OpeningFixture.FundingTransaction(meterAwaitingFunding.FundingScriptPubKey, meterAwaitingFunding.FundingAmount);
        var outPoint = new OutPoint(fundingTx.GetTxId(), 1);
        var (meterAwaitingSigned, created) = meterAwaitingFunding.FundingTransactionCreated(outPoint, pair.MeterSigner);
        Assert.Equal(fixture.TemporaryChannelId, created.TemporaryChannelId);
        Assert.Equal(ChannelIdDerivation.V1(outPoint), meterAwaitingSigned.ChannelId);

        // (4) funding_signed: the first message with the real channel_id.
        var (providerConfirming, signed) = providerAwaitingCreated.ReceiveFundingCreated(OpeningFixture.OverTheWire(created), pair.ProviderSigner);
        Assert.Equal(ChannelIdDerivation.V1(outPoint), signed.ChannelId);
        var meterConfirming = meterAwaitingSigned.ReceiveFundingSigned(OpeningFixture.OverTheWire(signed), pair.MeterSigner);

        // Three confirmations (accept_channel's minimum_depth), then (5)/(6) channel_ready.
        Assert.Equal(3U, accept.MinimumDepth);
        var fundingOutput = fundingTx.Outputs[1];
        var (meterReady, meterReadyMessage) = meterConfirming.FundingConfirmed(fundingOutput, 3, pair.MeterSigner);
        var (providerReady, providerReadyMessage) = providerConfirming.FundingConfirmed(fundingOutput, 3, pair.ProviderSigner);
        var meter = Assert.IsType<AwaitingChannelReady>(meterReady).ReceiveChannelReady(OpeningFixture.OverTheWire(providerReadyMessage!));
        var provider = Assert.IsType<AwaitingChannelReady>(providerReady).ReceiveChannelReady(OpeningFixture.OverTheWire(meterReadyMessage!));

        AssertAgree(pair, meter, provider);

        // Normal operation on the opened channel: a payment and a refund, each committed both ways.
        pair.Meter = meter;
        pair.Provider = provider;
        // The provider refunds from what it was paid, staying above the meter's 10,000 sat reserve demand.
        pair.MeterPays(20_000_000);
        pair.Settle();
        pair.ProviderRefunds(5_000_000);
        pair.Settle();
        Assert.Equal(new MilliSatoshis(985_000_000), pair.Meter.LocalCommit.Spec.ToLocal);
        Assert.Equal(new MilliSatoshis(15_000_000), pair.Provider.LocalCommit.Spec.ToLocal);
        Assert.Equal(2UL, pair.Meter.LocalCommit.Index);
        Assert.Equal(pair.Meter.LocalCommit.Spec, pair.Provider.RemoteCommit.Spec);
        Assert.Equal(pair.Provider.LocalCommit.Spec, pair.Meter.RemoteCommit.Spec);
    }

    [Fact]
    public void Opened_parameters_are_those_the_hand_built_harness_assumes()
    {
        using var fixture = new OpeningFixture();
        var handBuiltMeter = fixture.Pair.Meter.Parameters;
        var handBuiltProvider = fixture.Pair.Provider.Parameters;
        var (meter, provider) = Open(fixture);

        // Same keys, dust limits (546), reserves (1% = 10,000 sat), delays (144) and
        // meter reading key; only the funding outpoint and the channel_id are new.
        Assert.Equal(handBuiltMeter with { ChannelId = meter.ChannelId, FundingOutPoint = meter.Parameters.FundingOutPoint }, meter.Parameters);
        Assert.Equal(handBuiltProvider with { ChannelId = provider.ChannelId, FundingOutPoint = provider.Parameters.FundingOutPoint }, provider.Parameters);
    }

    [Fact]
    public void Push_amount_starts_on_the_providers_side()
    {
        using var fixture = new OpeningFixture();
        var (meter, provider) = Open(fixture, pushMsat: 123_456_789);

        Assert.Equal(new MilliSatoshis((1_000_000 * 1000UL) - 123_456_789), meter.LocalCommit.Spec.ToLocal);
        Assert.Equal(new MilliSatoshis(123_456_789), meter.LocalCommit.Spec.ToRemote);
        Assert.Equal(meter.LocalCommit.Spec.Mirror(), provider.LocalCommit.Spec);
        AssertAgree(fixture.Pair, meter, provider);

        // The provider can spend what was pushed (above the meter's 10,000 sat reserve demand).
        fixture.Pair.Meter = meter;
        fixture.Pair.Provider = provider;
        fixture.Pair.ProviderRefunds(100_000_000);
        fixture.Pair.Settle();
        Assert.Equal(new MilliSatoshis(23_456_789), fixture.Pair.Provider.LocalCommit.Spec.ToLocal);
    }

    [Fact]
    public void Funding_script_is_the_bolt3_two_of_two_of_both_funding_keys()
    {
        using var fixture = new OpeningFixture();
        var (meter, _) = fixture.Negotiate();
        var script = ChannelScripts.Funding(fixture.Pair.MeterSigner.Basepoints.FundingPubKey, fixture.Pair.ProviderSigner.Basepoints.FundingPubKey);

        Assert.Equal(Bitcoin.Scripts.StandardScripts.PayToWitnessScriptHash(script), meter.FundingScriptPubKey);
        Assert.Equal(OpeningFixture.Funding, meter.FundingAmount);
        Assert.Equal(new TxOut(OpeningFixture.Funding, meter.FundingScriptPubKey), meter.Terms.FundingOutput);
    }

    [Fact]
    public void Messages_carry_the_values_bolt2_requires_of_the_sender()
    {
        using var fixture = new OpeningFixture();
        var (_, open) = fixture.Start();
        var (_, accept) = fixture.Accept(open);

        Assert.Equal(ChainHash.Regtest, open.ChainHash);
        Assert.Equal(FeatureBits.FromBits(12), open.ChannelType);
        Assert.Equal(ByteVector.Empty, open.UpfrontShutdownScript);
        Assert.Equal(new Point(fixture.Pair.MeterReadingKey.PublicKey.AsSpan()), open.MeterReadingPubkey);
        Assert.Equal(new Point(fixture.Pair.MeterSigner.GetPerCommitmentPoint(0).AsSpan()), open.FirstPerCommitmentPoint);
        Assert.True(open.ChannelReserveSatoshis >= open.DustLimitSatoshis);
        Assert.Equal(fixture.TemporaryChannelId, accept.TemporaryChannelId);
        Assert.Equal(open.ChannelType, accept.ChannelType);
        Assert.True(accept.ChannelReserveSatoshis >= open.DustLimitSatoshis);
        Assert.True(accept.DustLimitSatoshis <= open.ChannelReserveSatoshis);
        Assert.Equal(new Point(fixture.Pair.ProviderSigner.GetPerCommitmentPoint(0).AsSpan()), accept.FirstPerCommitmentPoint);
    }

    /// <summary>Opens a channel with channel_ready exchanged in the usual order.</summary>
    internal static (Commitments Meter, Commitments Provider) Open(OpeningFixture fixture, ulong pushMsat = 0)
    {
        var confirming = fixture.Confirm(pushMsat);
        var (meterReady, meterMessage) = confirming.Meter.FundingConfirmed(confirming.FundingOutput, 3, fixture.Pair.MeterSigner);
        var (providerReady, providerMessage) = confirming.Provider.FundingConfirmed(confirming.FundingOutput, 3, fixture.Pair.ProviderSigner);
        return (
            Assert.IsType<AwaitingChannelReady>(meterReady).ReceiveChannelReady(OpeningFixture.OverTheWire(providerMessage!)),
            Assert.IsType<AwaitingChannelReady>(providerReady).ReceiveChannelReady(OpeningFixture.OverTheWire(meterMessage!)));
    }

    /// <summary>Each side's commitment 0 is the transaction the other signed, and both see the same balances.</summary>
    internal static void AssertAgree(ChannelPair pair, Commitments meter, Commitments provider)
    {
        Assert.Equal(meter.ChannelId, provider.ChannelId);
        Assert.Equal(meter.Parameters.FundingOutPoint, provider.Parameters.FundingOutPoint);
        Assert.Equal(meter.LocalCommit.Spec, provider.RemoteCommit.Spec);
        Assert.Equal(provider.LocalCommit.Spec, meter.RemoteCommit.Spec);
        Assert.Equal(meter.LocalCommit.Spec.Mirror(), provider.LocalCommit.Spec);

        var meterCommit0 = meter.BuildLocalCommitment(pair.MeterSigner.GetPerCommitmentPoint(0));
        var providerCommit0 = provider.BuildLocalCommitment(pair.ProviderSigner.GetPerCommitmentPoint(0));
        Assert.Equal(meterCommit0.Transaction.GetTxId(), provider.RemoteCommit.TxId);
        Assert.Equal(providerCommit0.Transaction.GetTxId(), meter.RemoteCommit.TxId);

        // The signatures each side holds verify for its own commitment 0 under the other's funding key.
        Assert.True(pair.ProviderSigner.Basepoints.FundingPubKey.Verify(meterCommit0.FundingSignatureHash(), meter.LocalCommit.RemoteSignature));
        Assert.True(pair.MeterSigner.Basepoints.FundingPubKey.Verify(providerCommit0.FundingSignatureHash(), provider.LocalCommit.RemoteSignature));
        Assert.Equal(pair.ProviderSigner.GetPerCommitmentPoint(1), meter.RemoteNextPerCommitmentPoint);
        Assert.Equal(pair.MeterSigner.GetPerCommitmentPoint(1), provider.RemoteNextPerCommitmentPoint);
    }
}
