using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening;

/// <summary>
/// Opener: <c>funding_created</c> sent, waiting for the accepter's signature on our
/// commitment 0. Until it arrives the funding transaction MUST NOT be broadcast
/// (BOLT 2 "The funding_signed Message"): without that signature our funds could be
/// locked in the 2-of-2 for good.
/// </summary>
public sealed record AwaitingFundingSigned(ChannelTerms Terms, OutPoint FundingOutPoint) : OpeningState
{
    public override ChannelId ChannelId => ChannelIdDerivation.V1(FundingOutPoint);

    public override ChannelTerms SettledTerms => Terms;

    /// <summary>
    /// Checks the accepter's signature on our commitment 0. On success the shell
    /// stores the new state and then broadcasts the funding transaction (BOLT 2: "on
    /// receipt of a valid funding_signed: SHOULD broadcast the funding transaction").
    /// </summary>
    public AwaitingFundingConfirmed ReceiveFundingSigned(FundingSigned message, IChannelSigner signer)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(signer);
        var parameters = Terms.ToParameters(FundingOutPoint);

        // BOLT 2: "The sender MUST set: channel_id by exclusive-OR of the funding_txid and the funding_output_index".
        if (message.ChannelId != parameters.ChannelId)
        {
            throw new WrongChannelException(parameters.ChannelId, message.ChannelId);
        }

        var ourCommitment = FirstCommitments.Local(parameters, Terms.LocalSpec, signer.GetPerCommitmentPoint(0));
        var signature = FirstCommitments.VerifyRemoteSignature(parameters.ChannelId, ourCommitment, parameters.Remote.Basepoints.FundingPubKey, message.Signature);
        return new AwaitingFundingConfirmed(Terms, FundingOutPoint, signature, null);
    }
}
