using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Wire;

namespace Microchannels.Benchmarks;

/// <summary>
/// A channel opened through the real BOLT 2 flow, in memory (the funding transaction is
/// taken as confirmed): what a meter and a provider hold after channel_ready.
/// </summary>
internal static class OpenedChannel
{
    public static (Commitments Meter, Commitments Provider) Open(IChannelSigner meter, IChannelSigner provider, PublicKey meterReadingKey, Satoshis funding)
    {
        var policy = ChannelAcceptancePolicy.Default;
        var temporaryId = new ChannelId(Hashes.Sha256("benchmark channel"u8));
        var (awaitingAccept, open) = ChannelEstablishment.OpenerStart(temporaryId, funding, MilliSatoshis.Zero, new FeeratePerKw(253), meterReadingKey, meter, policy);
        var (awaitingCreated, accept) = ChannelEstablishment.AccepterReceiveOpenChannel(open, policy, provider);
        var awaitingFunding = awaitingAccept.ReceiveAcceptChannel(accept, policy);
        var fundingOutPoint = new OutPoint(new TxId(Hashes.Sha256("benchmark funding"u8)), 0);
        var (awaitingSigned, created) = awaitingFunding.FundingTransactionCreated(fundingOutPoint, meter);
        var (providerConfirmed, signed) = awaitingCreated.ReceiveFundingCreated(created, provider);
        var meterConfirmed = awaitingSigned.ReceiveFundingSigned(signed, meter);
        var fundingOutput = awaitingFunding.Terms.FundingOutput;
        uint depth = meterConfirmed.RequiredDepth;
        var (meterReady, meterChannelReady) = meterConfirmed.FundingConfirmed(fundingOutput, depth, meter);
        var (providerReady, providerChannelReady) = providerConfirmed.FundingConfirmed(fundingOutput, depth, provider);
        return (((AwaitingChannelReady)meterReady).ReceiveChannelReady(providerChannelReady!), ((AwaitingChannelReady)providerReady).ReceiveChannelReady(meterChannelReady!));
    }
}
