using System.Collections.Immutable;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Channels.Engine.OnChain;

/// <summary>
/// A close seen on chain and what we do about it (BOLT 5): the transaction that spent the
/// funding output and its kind, our claim on it if any (the signed sweep of our delayed
/// <c>to_local</c>, or the penalty), the outputs that end up ours, and the confirmations
/// seen so far. <paramref name="ClaimDelay"/> is how many confirmations the spending
/// transaction needs before the claim is valid (0 for a penalty, <c>to_self_delay</c> for a
/// sweep); a depth of 0 means not seen in a block.
/// </summary>
public sealed record OnChainClose(
    FundingSpendKind Kind,
    Transaction SpendingTransaction,
    Transaction? Claim,
    uint ClaimDelay,
    ImmutableArray<ResolvedOutput> OurOutputs,
    uint SpendingDepth,
    uint ClaimDepth)
{
    /// <summary>
    /// BOLT 5 "General Nomenclature": outputs "are considered irrevocably resolved once the
    /// remote's resolving transaction is included in a block at least 100 deep".
    /// </summary>
    public const uint IrrevocablyResolvedDepth = 100;

    public Satoshis OurAmount => OurOutputs.Aggregate(Satoshis.Zero, (sum, o) => sum + o.Amount);

    /// <summary>The spending transaction, then our claim.</summary>
    public ImmutableArray<TxId> TxIds => Claim is null
        ? [SpendingTransaction.GetTxId()]
        : [SpendingTransaction.GetTxId(), Claim.GetTxId()];

    /// <summary>
    /// The claim is valid in the next block and not yet confirmed, so it is (re)broadcast.
    /// BIP 68 "Specification": <c>nMinHeight = nCoinHeight + nSequence - 1</c> and a block is
    /// invalid while <c>nMinHeight >= block.nHeight</c>, so an input with relative lock n first
    /// fits in the block at height nCoinHeight + n; the mempool evaluates the lock for tip + 1.
    /// The spending transaction at depth d (1 = in the tip) was mined at tip - d + 1, so the
    /// next block is at nCoinHeight + d: the sweep (nSequence = <c>to_self_delay</c>, BOLT 3
    /// "to_local Output", enforced by BIP 112 CSV) is valid exactly when d >= <c>to_self_delay</c>
    /// and refused as non-final at d = <c>to_self_delay</c> - 1.
    /// </summary>
    public bool ClaimDue => Claim is not null && ClaimDepth == 0 && SpendingDepth >= ClaimDelay;

    /// <summary>Every transaction we rely on is buried deep enough: the channel is done.</summary>
    public bool IrrevocablyResolved =>
        SpendingDepth >= IrrevocablyResolvedDepth && (Claim is null || ClaimDepth >= IrrevocablyResolvedDepth);

    /// <summary>
    /// Records a depth reported for one of our transactions (it may go down in a reorg);
    /// any other txid leaves this close unchanged.
    /// </summary>
    public OnChainClose Confirmed(TxId txId, uint depth)
    {
        if (txId == SpendingTransaction.GetTxId())
        {
            return this with { SpendingDepth = depth };
        }

        return Claim is not null && txId == Claim.GetTxId() ? this with { ClaimDepth = depth } : this;
    }

    /// <summary>Value equality, outputs included (ImmutableArray alone compares references).</summary>
    public bool Equals(OnChainClose? other) =>
        other is not null
        && Kind == other.Kind
        && SpendingTransaction == other.SpendingTransaction
        && Claim == other.Claim
        && ClaimDelay == other.ClaimDelay
        && OurOutputs.AsSpan().SequenceEqual(other.OurOutputs.AsSpan())
        && SpendingDepth == other.SpendingDepth
        && ClaimDepth == other.ClaimDepth;

    public override int GetHashCode() => HashCode.Combine(Kind, SpendingTransaction.GetTxId(), SpendingDepth, ClaimDepth);
}
