using NBitcoin;

namespace Microchannels.EmbeddedChain.Chain;

/// <summary>
/// Every block known, the active (most-work, valid) chain, the UTXO set of its tip and a
/// transaction index over it (bitcoind's chainstate, block index and -txindex). On regtest
/// every block has the same work, so the longest valid chain is active; of equal ones the
/// first seen. Not thread-safe: <see cref="RegtestNode"/> serialises every call.
/// </summary>
public sealed partial class ChainState
{
    /// <summary>consensus.h COINBASE_MATURITY.</summary>
    public const int CoinbaseMaturity = 100;

    /// <summary>Regtest's nSubsidyHalvingInterval (kernel/chainparams.cpp CRegTestParams).</summary>
    public const int HalvingInterval = 150;

    private readonly Dictionary<uint256, BlockRecord> _blocks = [];
    private readonly List<BlockRecord> _active = [];
    private readonly Dictionary<OutPoint, UtxoEntry> _utxos = [];
    private readonly Dictionary<uint256, (BlockRecord Block, int Index)> _txIndex = [];
    private long _sequence;

    public ChainState()
    {
        Block genesis = Network.RegTest.GetGenesis();
        var record = new BlockRecord(genesis, null, _sequence++) { Undo = [] };
        _blocks.Add(record.Hash, record);
        _active.Add(record);

        // The genesis coinbase is not in the UTXO set (bitcoind never connects it), but it is indexed.
        _txIndex[genesis.Transactions[0].GetHash()] = (record, 0);
    }

    public BlockRecord Tip => _active[^1];

    public int Height => _active.Count - 1;

    public IEnumerable<BlockRecord> AllBlocks => _blocks.Values.OrderBy(block => block.Sequence);

    public BlockRecord? Find(uint256 hash) => _blocks.GetValueOrDefault(hash);

    public BlockRecord? AtHeight(int height) => height >= 0 && height < _active.Count ? _active[height] : null;

    public bool IsActive(BlockRecord block) => block.Height < _active.Count && _active[block.Height] == block;

    public UtxoEntry? GetUtxo(OutPoint outPoint) => _utxos.GetValueOrDefault(outPoint);

    public IEnumerable<KeyValuePair<OutPoint, UtxoEntry>> Utxos => _utxos;

    /// <summary>A transaction of the active chain and the block holding it (-txindex).</summary>
    public (Transaction Transaction, BlockRecord Block)? FindConfirmed(uint256 txId) =>
        _txIndex.TryGetValue(txId, out var found) ? (found.Block.Block.Transactions[found.Index], found.Block) : null;

    /// <summary>The block subsidy at <paramref name="height"/>: 50 BTC halved every <see cref="HalvingInterval"/> blocks.</summary>
    public static long Subsidy(int height)
    {
        int halvings = height / HalvingInterval;
        return halvings >= 64 ? 0 : (50 * Money.COIN) >> halvings;
    }

    /// <summary>
    /// Stores <paramref name="block"/> (its parent must be known, its proof of work valid) and
    /// makes the best valid chain active. Throws <see cref="BlockRejectedException"/> when the
    /// block cannot be stored, or when it was to extend the active chain and broke a rule.
    /// </summary>
    public ChainUpdate Add(Block block)
    {
        uint256 hash = block.GetHash();
        if (_blocks.ContainsKey(hash))
        {
            throw new BlockRejectedException("duplicate");
        }

        if (!_blocks.TryGetValue(block.Header.HashPrevBlock, out BlockRecord? parent))
        {
            throw new BlockRejectedException("prev-blk-not-found");
        }

        if (!block.Header.CheckProofOfWork())
        {
            throw new BlockRejectedException("high-hash");
        }

        if (!block.CheckMerkleRoot())
        {
            throw new BlockRejectedException("bad-txnmrklroot");
        }

        var record = new BlockRecord(block, parent, _sequence++);
        _blocks.Add(hash, record);
        ChainUpdate update = ActivateBestChain();
        if (record.Invalid)
        {
            throw new BlockRejectedException(_lastFailure ?? "invalid");
        }

        return update;
    }

    /// <summary><c>invalidateblock</c>: marks the block invalid (so its descendants too) and falls back to the best chain without it.</summary>
    public ChainUpdate Invalidate(BlockRecord block)
    {
        if (block.Height == 0)
        {
            throw new BlockRejectedException("genesis cannot be invalidated");
        }

        block.Invalid = true;
        var disconnected = new List<Block>();
        while (IsActive(block))
        {
            disconnected.Add(Tip.Block);
            DisconnectTip();
        }

        ChainUpdate more = ActivateBestChain();
        return new ChainUpdate([.. disconnected, .. more.Disconnected], more.Connected);
    }

    /// <summary><c>reconsiderblock</c>: clears the invalid mark of the block, its ancestors and descendants, then activates the best chain.</summary>
    public ChainUpdate Reconsider(BlockRecord block)
    {
        foreach (BlockRecord other in _blocks.Values)
        {
            if (other.Ancestor(Math.Min(other.Height, block.Height)) == block || block.Ancestor(Math.Min(block.Height, other.Height)) == other)
            {
                other.Invalid = false;
            }
        }

        return ActivateBestChain();
    }
}
