using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening;

/// <summary>Both sides: our <c>channel_ready</c> is sent; waiting for the peer's.</summary>
public sealed record AwaitingChannelReady(
    ChannelTerms Terms,
    OutPoint FundingOutPoint,
    EcdsaSignature RemoteSignatureOfLocalCommit) : OpeningState, IStoredOpening
{
    public override ChannelId ChannelId => ChannelIdDerivation.V1(FundingOutPoint);

    public override ChannelTerms SettledTerms => Terms;

    /// <summary>
    /// "After both sides have sent the channel_ready message, the channel is
    /// established and can begin normal operation" (BOLT 2 "Channel Establishment v1").
    /// </summary>
    public Commitments ReceiveChannelReady(ChannelReady message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Open(ChannelReadyChecks.SecondPoint(ChannelId, message));
    }

    internal Commitments Open(PublicKey remoteSecondPerCommitmentPoint) =>
        Commitments.AfterChannelReady(
            Terms.ToParameters(FundingOutPoint),
            Terms.LocalSpec,
            RemoteSignatureOfLocalCommit,
            Terms.RemoteFirstPerCommitmentPoint,
            remoteSecondPerCommitmentPoint);
}
