using NBitcoin;
using Microchannels.EmbeddedChain.Validation;

namespace Microchannels.EmbeddedChain.Chain;

/// <summary>Connecting and disconnecting blocks (validation.cpp ActivateBestChain, ConnectBlock, DisconnectBlock).</summary>
public sealed partial class ChainState
{
    private string? _lastFailure;

    private ChainUpdate ActivateBestChain()
    {
        var disconnected = new List<Block>();
        var connected = new List<Block>();
        while (true)
        {
            BlockRecord best = BestCandidate();
            if (best == Tip)
            {
                return new ChainUpdate(disconnected, connected);
            }

            // Back to the fork point, then forward along the candidate.
            while (!IsAncestorOrSelf(Tip, best) && Tip.Parent is not null)
            {
                disconnected.Add(Tip.Block);
                DisconnectTip();
            }

            var path = new Stack<BlockRecord>();
            for (BlockRecord block = best; block != Tip && block.Parent is not null; block = block.Parent)
            {
                path.Push(block);
            }

            while (path.TryPop(out BlockRecord? next))
            {
                string? failure = TryConnect(next);
                if (failure is not null)
                {
                    _lastFailure = failure;
                    next.Invalid = true;
                    break;
                }

                connected.Add(next.Block);
            }
        }
    }

    private BlockRecord BestCandidate()
    {
        BlockRecord best = Tip;
        foreach (BlockRecord block in _blocks.Values)
        {
            bool better = block.Height > best.Height || (block.Height == best.Height && block.Sequence < best.Sequence && !IsActive(best));
            if (better && !block.IsInvalidOrDescendsFromInvalid)
            {
                best = block;
            }
        }

        return best;
    }

    private static bool IsAncestorOrSelf(BlockRecord ancestor, BlockRecord block) =>
        block.Height >= ancestor.Height && block.Ancestor(ancestor.Height) == ancestor;

    /// <summary>Checks <paramref name="block"/> against the UTXO set of its parent, the tip, and applies it; returns the reject reason instead when it breaks a rule.</summary>
    private string? TryConnect(BlockRecord block)
    {
        BlockRecord previous = Tip;
        var spent = new Dictionary<OutPoint, UtxoEntry>();
        var created = new Dictionary<OutPoint, UtxoEntry>();
        var undo = new List<KeyValuePair<OutPoint, UtxoEntry>>();
        IList<Transaction> transactions = block.Block.Transactions;
        if (transactions.Count == 0 || !transactions[0].IsCoinBase || transactions.Skip(1).Any(tx => tx.IsCoinBase))
        {
            return "bad-cb-missing";
        }

        long fees = 0;
        for (int t = 0; t < transactions.Count; t++)
        {
            Transaction tx = transactions[t];
            if (t > 0)
            {
                string? failure = CheckSpend(tx, block, previous, spent, created, undo, ref fees);
                if (failure is not null)
                {
                    return failure;
                }
            }

            uint256 txId = tx.GetHash();
            for (int i = 0; i < tx.Outputs.Count; i++)
            {
                if (!tx.Outputs[i].ScriptPubKey.IsUnspendable)
                {
                    created[new OutPoint(txId, i)] = new UtxoEntry(tx.Outputs[i], block.Height, t == 0);
                }
            }
        }

        if (transactions[0].TotalOut.Satoshi > Subsidy(block.Height) + fees)
        {
            return "bad-cb-amount";
        }

        foreach (OutPoint outPoint in spent.Keys)
        {
            _utxos.Remove(outPoint);
        }

        foreach (var (outPoint, entry) in created)
        {
            _utxos[outPoint] = entry;
        }

        for (int t = 0; t < transactions.Count; t++)
        {
            _txIndex[transactions[t].GetHash()] = (block, t);
        }

        block.Undo = undo;
        _active.Add(block);
        return null;
    }

    private string? CheckSpend(
        Transaction tx, BlockRecord block, BlockRecord previous, Dictionary<OutPoint, UtxoEntry> spent,
        Dictionary<OutPoint, UtxoEntry> created, List<KeyValuePair<OutPoint, UtxoEntry>> undo, ref long fees)
    {
        if (!LockTimes.IsFinal(tx, block.Height, previous.MedianTimePast))
        {
            return "bad-txns-nonfinal";
        }

        var outputs = new List<TxOut>(tx.Inputs.Count);
        var heights = new List<int>(tx.Inputs.Count);
        long valueIn = 0;
        foreach (TxIn input in tx.Inputs)
        {
            UtxoEntry? coin = spent.ContainsKey(input.PrevOut) ? null
                : created.Remove(input.PrevOut, out UtxoEntry? inBlock) ? inBlock
                : _utxos.GetValueOrDefault(input.PrevOut);
            if (coin is null)
            {
                return "bad-txns-inputs-missingorspent";
            }

            if (coin.IsCoinbase && block.Height - coin.Height < CoinbaseMaturity)
            {
                return "bad-txns-premature-spend-of-coinbase";
            }

            if (_utxos.ContainsKey(input.PrevOut))
            {
                spent[input.PrevOut] = coin;
                undo.Add(new KeyValuePair<OutPoint, UtxoEntry>(input.PrevOut, coin));
            }

            outputs.Add(coin.Output);
            heights.Add(coin.Height);
            valueIn += coin.Output.Value.Satoshi;
        }

        if (!LockTimes.SequenceLocksMet(tx, heights, previous))
        {
            return "bad-txns-nonfinal";
        }

        if (valueIn < tx.TotalOut.Satoshi)
        {
            return "bad-txns-in-belowout";
        }

        if (ScriptChecks.FirstFailure(tx, outputs, ScriptChecks.Consensus) is { } failure)
        {
            return $"block-script-verify-flag-failed ({ScriptErrorText.Of(failure.Error)})";
        }

        fees += valueIn - tx.TotalOut.Satoshi;
        return null;
    }

    private void DisconnectTip()
    {
        BlockRecord tip = Tip;
        foreach (Transaction tx in tip.Block.Transactions)
        {
            uint256 txId = tx.GetHash();
            for (int i = 0; i < tx.Outputs.Count; i++)
            {
                _utxos.Remove(new OutPoint(txId, i));
            }

            if (_txIndex.TryGetValue(txId, out var indexed) && indexed.Block == tip)
            {
                _txIndex.Remove(txId);
            }
        }

        foreach (var (outPoint, entry) in tip.Undo ?? [])
        {
            _utxos[outPoint] = entry;
        }

        tip.Undo = null;
        _active.RemoveAt(_active.Count - 1);
    }
}
