using System.Collections.Immutable;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Rpc;

namespace Microchannels.Settlement.Watching;

/// <summary>
/// The watcher's bookkeeping, without I/O: its view of the best chain as
/// (height, hash) pairs, the watched txids and outpoints, and where each was
/// confirmed or spent. Blocks are connected on the tip and disconnected from it,
/// one at a time, and every change is reported to the listener.
/// </summary>
public sealed class WatchedChain
{
    private readonly List<(int Height, BlockHash Hash)> _blocks = [];
    private readonly HashSet<TxId> _watchedTransactions = [];
    private readonly HashSet<OutPoint> _watchedOutPoints = [];
    private readonly Dictionary<TxId, int> _confirmations = [];
    private readonly Dictionary<OutPoint, (Transaction Spender, int Height)> _spends = [];

    /// <summary>The height of the first block this view holds; nothing below it is examined.</summary>
    public WatchedChain(int startHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startHeight);
        StartHeight = startHeight;
    }

    public int StartHeight { get; }

    /// <summary>The blocks of the view, lowest first.</summary>
    public ImmutableArray<(int Height, BlockHash Hash)> Blocks => [.. _blocks];

    /// <summary>The view's tip, or null before the first block is connected.</summary>
    public (int Height, BlockHash Hash)? Tip => _blocks.Count == 0 ? null : _blocks[^1];

    /// <summary>The height the next connected block must have.</summary>
    public int NextHeight => _blocks.Count == 0 ? StartHeight : _blocks[^1].Height + 1;

    /// <summary>Watches <paramref name="txId"/> from the next connected block on.</summary>
    public void WatchTransaction(TxId txId) => _watchedTransactions.Add(txId);

    /// <summary>Watches for a spend of <paramref name="outPoint"/> from the next connected block on.</summary>
    public void WatchOutPoint(OutPoint outPoint) => _watchedOutPoints.Add(outPoint);

    /// <summary>Confirmations of a watched transaction on the view's chain: 0 when it is not in it.</summary>
    public int GetDepth(TxId txId) =>
        _confirmations.TryGetValue(txId, out int height) && Tip is { } tip ? tip.Height - height + 1 : 0;

    /// <summary>The transaction spending <paramref name="outPoint"/> on the view's chain, or null.</summary>
    public Transaction? GetSpender(OutPoint outPoint) => _spends.TryGetValue(outPoint, out var spend) ? spend.Spender : null;

    /// <summary>Connects <paramref name="block"/> at <see cref="NextHeight"/>; its parent must be the tip.</summary>
    public void Connect(SourceBlock block, IChainListener listener)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(listener);
        if (Tip is { } tip && block.PreviousBlockHash != tip.Hash)
        {
            throw new InvalidOperationException($"Block {block.Hash} builds on {block.PreviousBlockHash}, not on the tip {tip.Hash}.");
        }

        int height = NextHeight;
        _blocks.Add((height, block.Hash));
        listener.BlockConnected(height, block.Hash);
        foreach (Transaction transaction in block.Transactions)
        {
            TxId txId = transaction.GetTxId();
            if (_watchedTransactions.Contains(txId))
            {
                _confirmations.TryAdd(txId, height);
            }

            foreach (TxIn input in transaction.Inputs)
            {
                if (_watchedOutPoints.Contains(input.PrevOut) && _spends.TryAdd(input.PrevOut, (transaction, height)))
                {
                    listener.OutPointSpent(input.PrevOut, transaction, height);
                }
            }
        }

        // Every connected block deepens every confirmation, so all are re-reported.
        foreach ((TxId txId, int confirmedAt) in _confirmations.OrderBy(pair => pair.Value))
        {
            listener.TransactionConfirmed(txId, confirmedAt, height - confirmedAt + 1);
        }
    }

    /// <summary>Removes the tip block and reverts the confirmations and spends it held.</summary>
    public void DisconnectTip(IChainListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        (int height, BlockHash hash) = Tip ?? throw new InvalidOperationException("The view holds no block to disconnect.");
        _blocks.RemoveAt(_blocks.Count - 1);
        listener.BlockDisconnected(height, hash);
        foreach (TxId txId in _confirmations.Where(pair => pair.Value == height).Select(pair => pair.Key).ToList())
        {
            _confirmations.Remove(txId);
            listener.TransactionUnconfirmed(txId);
        }

        foreach (var (outPoint, spend) in _spends.Where(pair => pair.Value.Height == height).ToList())
        {
            _spends.Remove(outPoint);
            listener.OutPointUnspent(outPoint, spend.Spender.GetTxId());
        }
    }
}
