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
/// sweep); a depth of 0 means not seen in a block. <paramref name="Fees"/> is what the claim
/// pays and how it is bumped (null in a close stored before claims were bumped, or without a
/// claim); <paramref name="ReplacedClaims"/> are the claim's earlier versions, oldest first,
/// watched too: a block may hold one of them instead of the latest (BIP 125 replacement).
/// </summary>
public sealed record OnChainClose(
    FundingSpendKind Kind,
    Transaction SpendingTransaction,
    Transaction? Claim,
    uint ClaimDelay,
    ImmutableArray<ResolvedOutput> OurOutputs,
    uint SpendingDepth,
    uint ClaimDepth,
    ClaimFees? Fees = null,
    ImmutableArray<Transaction> ReplacedClaims = default)
{
    /// <summary>
    /// BOLT 5 "General Nomenclature": outputs "are considered irrevocably resolved once the
    /// remote's resolving transaction is included in a block at least 100 deep".
    /// </summary>
    public const uint IrrevocablyResolvedDepth = 100;

    public Satoshis OurAmount => OurOutputs.Aggregate(Satoshis.Zero, (sum, o) => sum + o.Amount);

    /// <summary>The claim's earlier versions (never default).</summary>
    public ImmutableArray<Transaction> Replaced => ReplacedClaims.IsDefault ? [] : ReplacedClaims;

    /// <summary>What the claim spends in all: its fee plus its one output (zero without a claim or fees).</summary>
    public Satoshis Claimed => Claim is not null && Fees is not null ? Fees.Fee + Claim.Outputs[0].Value : Satoshis.Zero;

    /// <summary>The spending transaction, then our claim, then the claim's earlier versions.</summary>
    public ImmutableArray<TxId> TxIds => Claim is null
        ? [SpendingTransaction.GetTxId()]
        : [SpendingTransaction.GetTxId(), Claim.GetTxId(), .. Replaced.Select(t => t.GetTxId())];

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

        if (Claim is not null && txId == Claim.GetTxId())
        {
            return this with { ClaimDepth = depth };
        }

        for (int i = 0; i < Replaced.Length; i++)
        {
            if (Replaced[i].GetTxId() == txId)
            {
                return depth > 0 ? Adopt(i, depth) : this;
            }
        }

        return this;
    }

    /// <summary>
    /// A block holds earlier version <paramref name="index"/> of the claim, not the latest: it
    /// becomes the claim (its output is ours), and the latest joins the replaced versions in
    /// case a reorganisation brings it back.
    /// </summary>
    private OnChainClose Adopt(int index, uint depth)
    {
        var mined = Replaced[index];
        var current = Claim!;
        var claimed = Claimed;
        var fee = claimed - mined.Outputs[0].Value;
        var fees = Fees! with { Fee = fee, Feerate = new FeeratePerKw((uint)(fee.Value * 1000 / Fees.Weight)) };
        var outputs = OurOutputs
            .Select(o => o.OutPoint.TxId == current.GetTxId() ? new ResolvedOutput(new OutPoint(mined.GetTxId(), 0), mined.Outputs[0].Value) : o)
            .ToImmutableArray();
        return this with { Claim = mined, ClaimDepth = depth, OurOutputs = outputs, Fees = fees, ReplacedClaims = Replaced.SetItem(index, current) };
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
        && ClaimDepth == other.ClaimDepth
        && Fees == other.Fees
        && Replaced.SequenceEqual(other.Replaced);

    public override int GetHashCode() => HashCode.Combine(Kind, SpendingTransaction.GetTxId(), SpendingDepth, ClaimDepth);
}
