using NBitcoin;

namespace Microchannels.EmbeddedChain.Chain;

/// <summary>
/// Unconfirmed transactions, each output spent by at most one of them (txmempool.h mapNextTx),
/// kept in the order they arrived so that parents always come before children.
/// </summary>
public sealed class Mempool
{
    private readonly Dictionary<uint256, MempoolEntry> _entries = [];
    private readonly Dictionary<OutPoint, uint256> _spenders = [];
    private long _nextSequence;

    public int Count => _entries.Count;

    /// <summary>Entries in arrival order (parents first).</summary>
    public IEnumerable<MempoolEntry> Entries => _entries.Values.OrderBy(entry => entry.Sequence);

    public bool TryGet(uint256 txId, out MempoolEntry entry) => _entries.TryGetValue(txId, out entry!);

    public bool ContainsWitnessTxId(uint256 wtxId) => _entries.Values.Any(entry => entry.WitnessTxId == wtxId);

    /// <summary>The mempool transaction that spends <paramref name="outPoint"/>, if any.</summary>
    public uint256? SpenderOf(OutPoint outPoint) => _spenders.TryGetValue(outPoint, out uint256? txId) ? txId : null;

    /// <summary>An output created by a mempool transaction.</summary>
    public TxOut? OutputOf(OutPoint outPoint) =>
        _entries.TryGetValue(outPoint.Hash, out MempoolEntry? entry) && outPoint.N < entry.Transaction.Outputs.Count
            ? entry.Transaction.Outputs[(int)outPoint.N]
            : null;

    public MempoolEntry Add(Transaction transaction, long fee, int virtualSize, long entryTime)
    {
        var entry = new MempoolEntry(transaction, fee, virtualSize, _nextSequence++, entryTime);
        _entries.Add(entry.TxId, entry);
        foreach (TxIn input in transaction.Inputs)
        {
            _spenders[input.PrevOut] = entry.TxId;
        }

        return entry;
    }

    /// <summary><paramref name="txId"/> and every mempool transaction spending its outputs, transitively (CalculateDescendants).</summary>
    public IReadOnlyCollection<uint256> WithDescendants(uint256 txId)
    {
        var found = new HashSet<uint256>();
        var pending = new Stack<uint256>([txId]);
        while (pending.TryPop(out uint256? current))
        {
            if (!_entries.TryGetValue(current, out MempoolEntry? entry) || !found.Add(current))
            {
                continue;
            }

            for (uint index = 0; index < entry.Transaction.Outputs.Count; index++)
            {
                if (_spenders.TryGetValue(new OutPoint(current, index), out uint256? child))
                {
                    pending.Push(child);
                }
            }
        }

        return found;
    }

    /// <summary>The mempool transactions <paramref name="transaction"/> spends from, transitively.</summary>
    public IReadOnlyCollection<uint256> AncestorsOf(Transaction transaction)
    {
        var found = new HashSet<uint256>();
        var pending = new Stack<Transaction>([transaction]);
        while (pending.TryPop(out Transaction? current))
        {
            foreach (TxIn input in current.Inputs)
            {
                if (_entries.TryGetValue(input.PrevOut.Hash, out MempoolEntry? parent) && found.Add(parent.TxId))
                {
                    pending.Push(parent.Transaction);
                }
            }
        }

        return found;
    }

    /// <summary>Removes <paramref name="txId"/> and its descendants; returns what was removed.</summary>
    public IReadOnlyCollection<uint256> RemoveWithDescendants(uint256 txId)
    {
        IReadOnlyCollection<uint256> removed = WithDescendants(txId);
        foreach (uint256 id in removed)
        {
            Remove(id);
        }

        return removed;
    }

    public void Clear()
    {
        _entries.Clear();
        _spenders.Clear();
    }

    /// <summary>A copy to try transactions against without touching this one (testmempoolaccept of a package).</summary>
    public Mempool Clone()
    {
        var copy = new Mempool { _nextSequence = _nextSequence };
        foreach (var (key, value) in _entries)
        {
            copy._entries.Add(key, value);
        }

        foreach (var (key, value) in _spenders)
        {
            copy._spenders.Add(key, value);
        }

        return copy;
    }

    private void Remove(uint256 txId)
    {
        if (_entries.Remove(txId, out MempoolEntry? entry))
        {
            foreach (TxIn input in entry.Transaction.Inputs)
            {
                if (_spenders.TryGetValue(input.PrevOut, out uint256? spender) && spender == txId)
                {
                    _spenders.Remove(input.PrevOut);
                }
            }
        }
    }
}
