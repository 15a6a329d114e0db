using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Settlement.Monitoring;

/// <summary>
/// What the chain did to one channel, named by its funding outpoint, in Bitcoin terms
/// only (DESIGN.md "Rooms": Settlement knows no channel types). A host routes each event
/// to the channel with that funding outpoint and turns it into the engine's chain inputs:
/// <see cref="FundingSpent"/> into "funding spent by this transaction",
/// <see cref="TransactionConfirmed"/> into "this transaction has this many confirmations".
/// </summary>
public abstract record ChannelChainEvent(OutPoint FundingOutPoint)
{
    /// <summary>
    /// <paramref name="TxId"/> (the funding transaction, the transaction that spent the
    /// funding output, or one the channel broadcast) is in the best chain at
    /// <paramref name="Height"/>, <paramref name="Depth"/> blocks deep (1 = in the tip).
    /// Reported again after every block, so the depth only grows until a reorganisation.
    /// </summary>
    public sealed record TransactionConfirmed(OutPoint FundingOutPoint, TxId TxId, int Height, uint Depth) : ChannelChainEvent(FundingOutPoint);

    /// <summary>A reorganisation removed the block holding <paramref name="TxId"/>: its depth is 0 again.</summary>
    public sealed record TransactionUnconfirmed(OutPoint FundingOutPoint, TxId TxId) : ChannelChainEvent(FundingOutPoint);

    /// <summary>
    /// <paramref name="SpendingTransaction"/>, in the block at <paramref name="Height"/>, spends
    /// the funding output: a mutual close, a commitment (ours, the peer's latest, or a revoked
    /// one). Its confirmations are reported from then on as <see cref="TransactionConfirmed"/>.
    /// </summary>
    public sealed record FundingSpent(OutPoint FundingOutPoint, Transaction SpendingTransaction, int Height) : ChannelChainEvent(FundingOutPoint);

    /// <summary>A reorganisation removed the block whose transaction spent the funding output: it is unspent again.</summary>
    public sealed record FundingUnspent(OutPoint FundingOutPoint, TxId FormerSpenderTxId) : ChannelChainEvent(FundingOutPoint);
}
