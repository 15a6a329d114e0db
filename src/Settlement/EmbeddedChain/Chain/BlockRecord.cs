using NBitcoin;

namespace Microchannels.EmbeddedChain.Chain;

/// <summary>
/// One block the chain knows, on the active chain or not (bitcoind's CBlockIndex with the
/// block itself). <see cref="Undo"/> holds the outputs it spent while it is connected, so it
/// can be disconnected again (undo.h CBlockUndo).
/// </summary>
public sealed class BlockRecord
{
    public BlockRecord(Block block, BlockRecord? parent, long sequence)
    {
        Block = block;
        Hash = block.GetHash();
        Parent = parent;
        Height = parent is null ? 0 : parent.Height + 1;
        Sequence = sequence;
    }

    public Block Block { get; }

    public uint256 Hash { get; }

    public BlockRecord? Parent { get; }

    public int Height { get; }

    /// <summary>The order in which blocks arrived: of two chains with equal work the first seen stays active (bitcoind's nSequenceId).</summary>
    public long Sequence { get; }

    /// <summary>Set by <c>invalidateblock</c> or a failed connection (BLOCK_FAILED_VALID).</summary>
    public bool Invalid { get; set; }

    /// <summary>The outputs this block spent, by outpoint, while it is connected; null otherwise.</summary>
    public IReadOnlyList<KeyValuePair<OutPoint, UtxoEntry>>? Undo { get; set; }

    /// <summary>Whether this block or one of its ancestors is marked invalid.</summary>
    public bool IsInvalidOrDescendsFromInvalid
    {
        get
        {
            for (BlockRecord? block = this; block is not null; block = block.Parent)
            {
                if (block.Invalid)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The block time as a Unix timestamp.</summary>
    public long Time => Block.Header.BlockTime.ToUnixTimeSeconds();

    /// <summary>BIP 113 median time past: the median of this block's and its ten predecessors' times (chain.h GetMedianTimePast).</summary>
    public long MedianTimePast
    {
        get
        {
            var times = new List<long>(11);
            for (BlockRecord? block = this; block is not null && times.Count < 11; block = block.Parent)
            {
                times.Add(block.Time);
            }

            times.Sort();
            return times[times.Count / 2];
        }
    }

    /// <summary>The ancestor at <paramref name="height"/>.</summary>
    public BlockRecord Ancestor(int height)
    {
        BlockRecord block = this;
        while (block.Height > height)
        {
            block = block.Parent!;
        }

        return block;
    }
}
