using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening;

/// <summary>
/// Opener: the terms are settled and a wallet outside the engine must build (but NOT
/// broadcast) a funding transaction paying <see cref="FundingAmount"/> to
/// <see cref="FundingScriptPubKey"/>, from segwit inputs only so its txid cannot be
/// malleated (BOLT 2 "The funding_created Message": "SHOULD use only BIP141
/// (Segregated Witness) inputs", "MUST NOT broadcast this transaction").
/// </summary>
public sealed record AwaitingFundingTransaction(ChannelTerms Terms) : OpeningState
{
    public override ChannelId ChannelId => Terms.TemporaryChannelId;

    public override ChannelTerms SettledTerms => Terms;

    public Satoshis FundingAmount => Terms.FundingAmount;

    /// <summary>BOLT 3 "Funding Transaction Output": P2WSH of the 2-of-2 funding script.</summary>
    public Script FundingScriptPubKey => Terms.FundingScriptPubKey;

    /// <summary>
    /// The wallet built the funding transaction; output <paramref name="fundingOutPoint"/>
    /// pays the funding. We sign the accepter's commitment 0 and tell it the outpoint
    /// (BOLT 2 "The funding_created Message"); the real channel_id is derived now.
    /// </summary>
    public (AwaitingFundingSigned State, FundingCreated Message) FundingTransactionCreated(OutPoint fundingOutPoint, IChannelSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);

        // BOLT 2 rationale: "The funding_output_index can only be 2 bytes".
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fundingOutPoint.Index, ushort.MaxValue, nameof(fundingOutPoint));
        var parameters = Terms.ToParameters(fundingOutPoint);
        var theirCommitment = FirstCommitments.Remote(parameters, Terms.LocalSpec, Terms.RemoteFirstPerCommitmentPoint);
        var signature = signer.SignCounterpartyCommitment(theirCommitment);
        var message = new FundingCreated(
            Terms.TemporaryChannelId,
            new Sha256Hash(fundingOutPoint.TxId.ToBytes()),
            (ushort)fundingOutPoint.Index,
            FirstCommitments.ToWire(signature));
        return (new AwaitingFundingSigned(Terms, fundingOutPoint), message);
    }
}
