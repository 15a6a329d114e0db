using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Watching;

namespace Microchannels.Settlement.Monitoring;

/// <summary>
/// A <see cref="ChainWatcher"/> seen per channel (LDK's <c>chain::Watch</c> / <c>Confirm</c>,
/// STYLE.md #6): for each watched funding outpoint it reports the funding transaction's
/// confirmations, the transaction that spends the funding output and that transaction's
/// confirmations, and the confirmations of transactions the channel broadcast, all as
/// <see cref="ChannelChainEvent"/> records returned by <see cref="PollAsync"/>.
/// Not thread-safe: poll and watch from one loop.
/// </summary>
public sealed class ChannelChainMonitor
{
    private readonly HashSet<OutPoint> _fundingOutPoints = [];
    private readonly Dictionary<TxId, OutPoint> _watchedTransactions = [];

    // Spenders of a funding output the host did not watch by txid (the peer's commitment):
    // the watcher only records confirmations of transactions watched before their block,
    // so their depth is kept here, from the height of the block that spent the funding.
    private readonly Dictionary<TxId, (OutPoint FundingOutPoint, int Height)> _spenders = [];
    private readonly List<ChannelChainEvent> _events = [];

    /// <param name="source">Where the best chain is read.</param>
    /// <param name="startHeight">The first height examined: the tip before the first funding transaction is broadcast.</param>
    public ChannelChainMonitor(IBlockSource source, int startHeight)
    {
        Watcher = new ChainWatcher(source, startHeight, new Listener(this));
    }

    /// <summary>The watcher underneath, for its view of the chain.</summary>
    public ChainWatcher Watcher { get; }

    /// <summary>
    /// Follows the channel funded at <paramref name="fundingOutPoint"/>: its funding
    /// transaction's confirmations and any spend of the funding output. Call it before the
    /// funding transaction is broadcast: only blocks connected afterwards are examined.
    /// </summary>
    public void WatchChannel(OutPoint fundingOutPoint)
    {
        _fundingOutPoints.Add(fundingOutPoint);
        _watchedTransactions[fundingOutPoint.TxId] = fundingOutPoint;
        Watcher.WatchTransaction(fundingOutPoint.TxId);
        Watcher.WatchOutPoint(fundingOutPoint);
    }

    /// <summary>
    /// Reports the confirmations of <paramref name="txId"/>, a transaction the channel at
    /// <paramref name="fundingOutPoint"/> broadcast (its commitment, a sweep, a penalty).
    /// Call it before broadcasting.
    /// </summary>
    public void WatchTransaction(OutPoint fundingOutPoint, TxId txId)
    {
        if (!_fundingOutPoints.Contains(fundingOutPoint))
        {
            throw new InvalidOperationException($"No channel with funding outpoint {fundingOutPoint} is watched.");
        }

        _watchedTransactions[txId] = fundingOutPoint;
        Watcher.WatchTransaction(txId);
    }

    /// <summary>Confirmations of a transaction this monitor reports on, 0 when it is not in the best chain.</summary>
    public int GetDepth(TxId txId) =>
        _spenders.TryGetValue(txId, out var spender) && Watcher.Chain.Tip is { } tip
            ? tip.Height - spender.Height + 1
            : Watcher.Chain.GetDepth(txId);

    /// <summary>
    /// Brings the view to the source's best chain and returns what happened to the watched
    /// channels, in chain order. When bitcoind fails midway, the events of the blocks already
    /// connected are kept and returned by the next successful poll.
    /// </summary>
    public Task<IReadOnlyList<ChannelChainEvent>> PollAsync(CancellationToken cancellationToken = default) => PollAsync(null, cancellationToken);

    /// <summary>
    /// As <see cref="PollAsync(CancellationToken)"/>, calling <paramref name="beforeEachBlock"/>
    /// before each block is connected, so that watches added meanwhile apply from that block on.
    /// </summary>
    public async Task<IReadOnlyList<ChannelChainEvent>> PollAsync(Action? beforeEachBlock, CancellationToken cancellationToken = default)
    {
        await Watcher.PollAsync(beforeEachBlock, cancellationToken).ConfigureAwait(false);
        ChannelChainEvent[] events = [.. _events];
        _events.Clear();
        return events;
    }

    private static uint Depth(int tipHeight, int height) => checked((uint)(tipHeight - height + 1));

    private sealed class Listener(ChannelChainMonitor monitor) : IChainListener
    {
        public void BlockConnected(int height, BlockHash hash)
        {
            // The new block deepens every spender confirmed below it.
            foreach (var (txId, spender) in monitor._spenders.Where(pair => pair.Value.Height < height).OrderBy(pair => pair.Value.Height))
            {
                monitor._events.Add(new ChannelChainEvent.TransactionConfirmed(spender.FundingOutPoint, txId, spender.Height, Depth(height, spender.Height)));
            }
        }

        public void BlockDisconnected(int height, BlockHash hash)
        {
            // Reverts arrive as TransactionUnconfirmed and OutPointUnspent.
        }

        public void TransactionConfirmed(TxId txId, int height, int depth)
        {
            if (monitor._watchedTransactions.TryGetValue(txId, out OutPoint funding))
            {
                monitor._events.Add(new ChannelChainEvent.TransactionConfirmed(funding, txId, height, checked((uint)depth)));
            }
        }

        public void TransactionUnconfirmed(TxId txId)
        {
            if (monitor._watchedTransactions.TryGetValue(txId, out OutPoint funding))
            {
                monitor._events.Add(new ChannelChainEvent.TransactionUnconfirmed(funding, txId));
            }
        }

        public void OutPointSpent(OutPoint outPoint, Transaction spendingTransaction, int height)
        {
            if (!monitor._fundingOutPoints.Contains(outPoint))
            {
                return;
            }

            monitor._events.Add(new ChannelChainEvent.FundingSpent(outPoint, spendingTransaction, height));
            TxId spender = spendingTransaction.GetTxId();
            if (!monitor._watchedTransactions.ContainsKey(spender))
            {
                // The spending block is the tip being connected: depth 1.
                monitor._spenders[spender] = (outPoint, height);
                monitor._events.Add(new ChannelChainEvent.TransactionConfirmed(outPoint, spender, height, 1));
            }
        }

        public void OutPointUnspent(OutPoint outPoint, TxId formerSpenderTxId)
        {
            if (!monitor._fundingOutPoints.Contains(outPoint))
            {
                return;
            }

            if (monitor._spenders.Remove(formerSpenderTxId))
            {
                monitor._events.Add(new ChannelChainEvent.TransactionUnconfirmed(outPoint, formerSpenderTxId));
            }

            monitor._events.Add(new ChannelChainEvent.FundingUnspent(outPoint, formerSpenderTxId));
        }
    }
}
