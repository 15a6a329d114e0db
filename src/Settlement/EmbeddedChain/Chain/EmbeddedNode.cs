using NBitcoin;
using Microchannels.EmbeddedChain.Validation;

namespace Microchannels.EmbeddedChain.Chain;

/// <summary>
/// The simulated regtest node: the chain, the mempool and the fee deltas of
/// <c>prioritisetransaction</c>, behind one lock, so each RPC sees and leaves a consistent
/// state. Every block connected or disconnected is written to the <see cref="ChainStore"/>
/// when there is one, so a restart keeps the chain.
/// </summary>
public sealed partial class EmbeddedNode
{
    /// <summary>consensus.h MAX_BLOCK_WEIGHT less the coinbase room bitcoind reserves.</summary>
    private const int MaxBlockTransactionsWeight = 4_000_000 - 4_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<uint256, long> _feeDeltas = [];
    private readonly TimeProvider _time;
    private readonly ChainStore? _store;

    public EmbeddedNode(RelayPolicy policy, TimeProvider? time = null, ChainStore? store = null)
    {
        Policy = policy;
        _time = time ?? TimeProvider.System;
        _store = store;
        if (store is not null)
        {
            store.Replay(Chain);
        }
    }

    public RelayPolicy Policy { get; }

    /// <summary>Not bitcoind's: a fixed answer for <c>estimatesmartfee</c> (satoshis per kvB); null answers as a fresh regtest node does, with no estimate.</summary>
    public long? FeeRateEstimate { get; set; }

    internal ChainState Chain { get; } = new();

    internal Mempool Mempool { get; } = new();

    internal Lock Gate => _gate;

    internal long Now => _time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Runs <paramref name="read"/> under the node's lock.</summary>
    public T Read<T>(Func<EmbeddedNode, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (_gate)
        {
            return read(this);
        }
    }

    /// <summary>Checks <paramref name="tx"/> against the chain and mempool; unless <paramref name="testOnly"/>, an accepted one enters the mempool, replacing what it conflicts with.</summary>
    public MempoolDecision Submit(Transaction tx, bool testOnly)
    {
        ArgumentNullException.ThrowIfNull(tx);
        lock (_gate)
        {
            MempoolDecision decision = new MempoolAcceptance(Chain, Mempool, Policy, _feeDeltas).Check(tx);
            if (decision.Accepted && !testOnly)
            {
                foreach (uint256 evicted in decision.Evicted)
                {
                    Mempool.RemoveWithDescendants(evicted);
                }

                Mempool.Add(tx, decision.Fee, decision.VirtualSize, Now);
            }

            return decision;
        }
    }

    /// <summary>testmempoolaccept of several transactions: each checked in order as if the ones before it were in the mempool.</summary>
    public IReadOnlyList<MempoolDecision> TestPackage(IReadOnlyList<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        lock (_gate)
        {
            Mempool scratch = Mempool.Clone();
            var decisions = new List<MempoolDecision>();
            foreach (Transaction tx in transactions)
            {
                MempoolDecision decision = new MempoolAcceptance(Chain, scratch, Policy, _feeDeltas).Check(tx);
                decisions.Add(decision);
                if (!decision.Accepted)
                {
                    break;
                }

                foreach (uint256 evicted in decision.Evicted)
                {
                    scratch.RemoveWithDescendants(evicted);
                }

                scratch.Add(tx, decision.Fee, decision.VirtualSize, Now);
            }

            return decisions;
        }
    }

    /// <summary><c>prioritisetransaction</c>: mining and acceptance treat <paramref name="txId"/>'s fee as <paramref name="delta"/> satoshis higher (lower when negative).</summary>
    public void Prioritise(uint256 txId, long delta)
    {
        lock (_gate)
        {
            _feeDeltas[txId] = _feeDeltas.GetValueOrDefault(txId) + delta;
        }
    }

    /// <summary>The fee delta <c>prioritisetransaction</c> set for <paramref name="txId"/>.</summary>
    public long FeeDelta(uint256 txId)
    {
        lock (_gate)
        {
            return _feeDeltas.GetValueOrDefault(txId);
        }
    }

    /// <summary><c>generatetoaddress</c>: mines <paramref name="blocks"/> blocks, each with what the mempool holds at or above <c>-blockmintxfee</c>.</summary>
    public IReadOnlyList<uint256> Generate(int blocks, Script payTo)
    {
        ArgumentNullException.ThrowIfNull(payTo);
        lock (_gate)
        {
            var hashes = new List<uint256>(blocks);
            for (int i = 0; i < blocks; i++)
            {
                var (transactions, fees) = SelectTransactions();
                hashes.Add(Connect(BlockAssembler.Build(Chain.Tip, payTo, transactions, fees, Now)));
            }

            return hashes;
        }
    }

    /// <summary>
    /// <c>generateblock</c>: one block holding exactly <paramref name="transactions"/> (mempool
    /// ones or new ones), in that order. Throws <see cref="BlockRejectedException"/> when they do
    /// not make a valid block.
    /// </summary>
    public uint256 GenerateBlock(Script payTo, IReadOnlyList<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(payTo);
        ArgumentNullException.ThrowIfNull(transactions);
        lock (_gate)
        {
            long fees = 0;
            var created = new Dictionary<OutPoint, TxOut>();
            foreach (Transaction tx in transactions)
            {
                long valueIn = 0;
                foreach (TxIn input in tx.Inputs)
                {
                    TxOut? spent = Chain.GetUtxo(input.PrevOut)?.Output ?? created.GetValueOrDefault(input.PrevOut)
                        ?? throw new BlockRejectedException("bad-txns-inputs-missingorspent");
                    valueIn += spent.Value.Satoshi;
                }

                fees += valueIn - tx.TotalOut.Satoshi;
                for (int i = 0; i < tx.Outputs.Count; i++)
                {
                    created[new OutPoint(tx.GetHash(), i)] = tx.Outputs[i];
                }
            }

            return Connect(BlockAssembler.Build(Chain.Tip, payTo, transactions, fees, Now));
        }
    }

    /// <summary><c>invalidateblock</c>.</summary>
    public void Invalidate(BlockRecord block)
    {
        ArgumentNullException.ThrowIfNull(block);
        lock (_gate)
        {
            ChainUpdate update = Chain.Invalidate(block);
            _store?.SaveInvalid(Chain.AllBlocks.Where(b => b.Invalid).Select(b => b.Hash));
            RebuildMempool(update);
        }
    }

    /// <summary><c>reconsiderblock</c>.</summary>
    public void Reconsider(BlockRecord block)
    {
        ArgumentNullException.ThrowIfNull(block);
        lock (_gate)
        {
            ChainUpdate update = Chain.Reconsider(block);
            _store?.SaveInvalid(Chain.AllBlocks.Where(b => b.Invalid).Select(b => b.Hash));
            RebuildMempool(update);
        }
    }

    private uint256 Connect(Block block)
    {
        ChainUpdate update = Chain.Add(block);
        _store?.Append(block);
        RebuildMempool(update);
        return block.GetHash();
    }

    /// <summary>
    /// After the chain changed: the transactions of disconnected blocks go back to the mempool
    /// first (bitcoind MaybeUpdateMempoolForReorg), then those still waiting; whatever is now
    /// confirmed, conflicting or invalid (an immature coinbase spend, a lock not met) drops out.
    /// </summary>
    private void RebuildMempool(ChainUpdate update)
    {
        List<MempoolEntry> waiting = [.. Mempool.Entries];
        Mempool.Clear();
        IEnumerable<Transaction> returning = update.Disconnected.Reverse().SelectMany(block => block.Transactions.Skip(1));
        foreach (Transaction tx in returning.Concat(waiting.Select(entry => entry.Transaction)))
        {
            if (Chain.FindConfirmed(tx.GetHash()) is not null)
            {
                continue;
            }

            MempoolDecision decision = new MempoolAcceptance(Chain, Mempool, Policy, _feeDeltas).Check(tx, bypassFeeFloor: true);
            if (decision.Accepted && decision.Evicted.Count == 0)
            {
                Mempool.Add(tx, decision.Fee, decision.VirtualSize, Now);
            }
        }
    }

    /// <summary>BlockAssembler::addPackageTxs, simplified: arrival order (parents first), at or above <c>-blockmintxfee</c> by modified fee, parents included.</summary>
    private (List<Transaction> Transactions, long Fees) SelectTransactions()
    {
        var chosen = new List<Transaction>();
        var included = new HashSet<uint256>();
        long fees = 0;
        int weight = 0;
        foreach (MempoolEntry entry in Mempool.Entries)
        {
            long modified = entry.Fee + _feeDeltas.GetValueOrDefault(entry.TxId);
            bool parentsIn = entry.Transaction.Inputs.All(input => !Mempool.TryGet(input.PrevOut.Hash, out _) || included.Contains(input.PrevOut.Hash));
            int txWeight = MempoolAcceptance.Weight(entry.Transaction);
            if (!parentsIn || modified < MoneyFormat.FeeFor(Policy.BlockMinFeeRate, entry.VirtualSize) || weight + txWeight > MaxBlockTransactionsWeight)
            {
                continue;
            }

            chosen.Add(entry.Transaction);
            included.Add(entry.TxId);
            fees += entry.Fee;
            weight += txWeight;
        }

        return (chosen, fees);
    }
}
