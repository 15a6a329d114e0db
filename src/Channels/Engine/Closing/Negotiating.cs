using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Closing;

/// <summary>
/// BOLT 2 "Legacy Closing Negotiation: closing_signed" with <c>fee_range</c>, on a quiet
/// channel whose <c>shutdown</c> messages are exchanged. The funder proposes first; the
/// other side picks a fee in the overlap of the ranges; the funder confirms it. Against a
/// peer that sends no <c>fee_range</c>, each side moves "strictly between" the last two
/// fees but never outside its own range, so at most a few rounds are needed.
/// <see cref="LastSent"/> is our last <c>closing_signed</c>; <see cref="SignedClosingTransaction"/>
/// is set once the fee is agreed (keep it to broadcast again after a restart).
/// </summary>
public sealed partial record Negotiating(
    Commitments Commitments,
    Script LocalScript,
    Script RemoteScript,
    ClosingFees Fees,
    ClosingSigned? LastSent,
    ulong? LastReceivedFeeSatoshis,
    Transaction? SignedClosingTransaction)
{
    public ChannelId ChannelId => Commitments.ChannelId;

    public bool IsAgreed => SignedClosingTransaction is not null;

    /// <summary>
    /// Start negotiating. The funder sends the first <c>closing_signed</c> (BOLT 2: "The
    /// funding node: after shutdown has been received, AND no HTLCs remain in either
    /// commitment transaction: SHOULD send a closing_signed message"); the other side
    /// returns no message and waits for it.
    /// </summary>
    public static (Negotiating State, ClosingSigned? Message) Begin(ShuttingDown shuttingDown, IChannelSigner signer, ClosingFeerates feerates)
    {
        ArgumentNullException.ThrowIfNull(shuttingDown);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(feerates);
        if (!shuttingDown.ReadyToNegotiate || shuttingDown.RemoteScript is not { } remoteScript)
        {
            throw new InvalidOperationException("Closing negotiation starts only after both shutdowns, with no update or revocation pending.");
        }

        var commitments = shuttingDown.Commitments;
        var local = new Script(shuttingDown.LocalScript.Span);
        var remote = new Script(remoteScript.Span);
        return new Negotiating(commitments, local, remote, ComputeFees(commitments, local, remote, feerates), null, null, null).Open(signer);
    }

    /// <summary>
    /// After a reconnection, once both <c>shutdown</c> messages were sent again: BOLT 2
    /// rationale, "negotiation restarts on reconnection", and the "strictly between" rule
    /// holds "UNLESS it has since reconnected". Fees are recomputed from
    /// <paramref name="feerates"/>; the funder proposes again. An agreed close stays agreed:
    /// its transaction is fully signed and only needs broadcasting.
    /// </summary>
    public (Negotiating State, ClosingSigned? Message) Restart(IChannelSigner signer, ClosingFeerates feerates)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(feerates);
        return IsAgreed
            ? (this, null)
            : (this with { Fees = ComputeFees(Commitments, LocalScript, RemoteScript, feerates), LastSent = null, LastReceivedFeeSatoshis = null }).Open(signer);
    }

    private (Negotiating State, ClosingSigned? Message) Open(IChannelSigner signer)
    {
        if (!Commitments.Parameters.LocalIsOpener)
        {
            return (this, null);
        }

        var message = Sign(Fees.PreferredSatoshis, Fees.Range, signer);
        return (this with { LastSent = message }, message);
    }

    /// <summary>
    /// Fees for the expected weight; each capped at the funder's balance, the most the
    /// funder's output can give (BOLT 3: the fee is subtracted "from the output to the funder").
    /// </summary>
    private static ClosingFees ComputeFees(Commitments commitments, Script local, Script remote, ClosingFeerates feerates)
    {
        long weight = ClosingTransactionFactory.ExpectedWeight(commitments, local, remote);
        ulong cap = (ulong)ClosingTransactionFactory.FunderBalance(commitments).Value;
        ulong Fee(FeeratePerKw rate) => Math.Min((ulong)rate.FeeForWeight(weight).Value, cap);
        return new ClosingFees(Fee(feerates.Preferred), new ClosingFeeRange(Fee(feerates.Minimum), Fee(feerates.Maximum)));
    }

    /// <summary>"MUST set signature to the Bitcoin signature of the close transaction" built with <paramref name="feeSatoshis"/>.</summary>
    private ClosingSigned Sign(ulong feeSatoshis, ClosingFeeRange range, IChannelSigner signer)
    {
        var closing = ClosingTransactionFactory.Build(Commitments, LocalScript, RemoteScript, feeSatoshis);
        var signature = signer.SignClosingTransaction(closing);
        return new ClosingSigned(ChannelId, feeSatoshis, new CompactSignature(signature.ToCompact())) { FeeRange = range };
    }

    /// <summary>
    /// The fee is agreed on <paramref name="closing"/> (the variant the peer signed): add our
    /// signature beside theirs in the 2-of-2 witness, ordered by funding key (BOLT 3
    /// "Funding Transaction Output"). With <paramref name="replyRange"/>, we also answer
    /// with the same fee (BOLT 2 "closing_signed": "SHOULD reply with a closing_signed
    /// with the same fee_satoshis").
    /// </summary>
    private ClosingSignedOutcome Agree(ClosingTransaction closing, ulong feeSatoshis, EcdsaSignature remoteSignature, IChannelSigner signer, ClosingFeeRange? replyRange)
    {
        var signature = signer.SignClosingTransaction(closing);
        var parameters = Commitments.Parameters;
        var witness = ChannelWitnesses.Funding(parameters.Local.Basepoints.FundingPubKey, signature, parameters.Remote.Basepoints.FundingPubKey, remoteSignature);
        var signed = closing.Transaction.WithWitness(0, witness);
        var reply = replyRange is { } range
            ? new ClosingSigned(ChannelId, feeSatoshis, new CompactSignature(signature.ToCompact())) { FeeRange = range }
            : null;
        var state = this with { LastSent = reply ?? LastSent, LastReceivedFeeSatoshis = feeSatoshis, SignedClosingTransaction = signed };
        return new ClosingSignedOutcome(state, reply, signed);
    }

    private ClosingSignedOutcome Propose(ulong feeSatoshis, ulong receivedFeeSatoshis, ClosingFeeRange range, IChannelSigner signer)
    {
        var message = Sign(feeSatoshis, range, signer);
        return new ClosingSignedOutcome(this with { LastSent = message, LastReceivedFeeSatoshis = receivedFeeSatoshis }, message, null);
    }

    private void CheckChannel(ChannelId received)
    {
        if (received != ChannelId)
        {
            throw new WrongChannelException(ChannelId, received);
        }
    }
}
