using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening;

/// <summary>Accepter: <c>accept_channel</c> sent, waiting for the funding outpoint and the opener's signature.</summary>
public sealed record AwaitingFundingCreated(ChannelTerms Terms) : OpeningState
{
    public override ChannelId ChannelId => Terms.TemporaryChannelId;

    public override ChannelTerms SettledTerms => Terms;

    /// <summary>
    /// BOLT 2 "The funding_created Message": check the opener's signature on our
    /// commitment 0, then sign theirs. The reply is the first message to carry the
    /// real channel_id ("The funding_signed Message"). The shell stores the new state
    /// before sending it: from then on the opener can broadcast the funding.
    /// </summary>
    public (AwaitingFundingConfirmed State, FundingSigned Message) ReceiveFundingCreated(FundingCreated message, IChannelSigner signer)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(signer);

        // The sender MUST set "temporary_channel_id the same as the temporary_channel_id in the open_channel message".
        if (message.TemporaryChannelId != Terms.TemporaryChannelId)
        {
            throw new WrongChannelException(Terms.TemporaryChannelId, message.TemporaryChannelId);
        }

        // funding_txid is a sha256 in internal byte order, as an outpoint holds it.
        var outPoint = new OutPoint(new TxId(message.FundingTxid.AsSpan()), message.FundingOutputIndex);
        var parameters = Terms.ToParameters(outPoint);
        var ourCommitment = FirstCommitments.Local(parameters, Terms.LocalSpec, signer.GetPerCommitmentPoint(0));

        // Errors still name the temporary id: the opener has not yet seen the real one from us.
        var theirSignature = FirstCommitments.VerifyRemoteSignature(Terms.TemporaryChannelId, ourCommitment, parameters.Remote.Basepoints.FundingPubKey, message.Signature);

        var theirCommitment = FirstCommitments.Remote(parameters, Terms.LocalSpec, Terms.RemoteFirstPerCommitmentPoint);
        var ourSignature = signer.SignCounterpartyCommitment(theirCommitment);
        return (new AwaitingFundingConfirmed(Terms, outPoint, theirSignature, null), new FundingSigned(parameters.ChannelId, FirstCommitments.ToWire(ourSignature)));
    }
}
