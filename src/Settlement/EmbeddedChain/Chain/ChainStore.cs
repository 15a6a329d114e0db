using NBitcoin;

namespace Microchannels.EmbeddedChain.Chain;

/// <summary>
/// The chain on disk, under <c>&lt;datadir&gt;/regtest</c>: every block ever connected, in
/// order, in <c>blocks.dat</c> (a 4-byte length, then the block), and the blocks marked
/// invalid in <c>invalid.txt</c>. Replaying them rebuilds the same chain. The mempool is not
/// kept (bitcoind's mempool.dat is a convenience, not state).
/// </summary>
public sealed class ChainStore
{
    private readonly string _blocksPath;
    private readonly string _invalidPath;
    private readonly HashSet<uint256> _invalid = [];

    public ChainStore(string chainDirectory)
    {
        Directory.CreateDirectory(chainDirectory);
        _blocksPath = Path.Combine(chainDirectory, "blocks.dat");
        _invalidPath = Path.Combine(chainDirectory, "invalid.txt");
        if (File.Exists(_invalidPath))
        {
            foreach (string line in File.ReadAllLines(_invalidPath))
            {
                if (uint256.TryParse(line.Trim(), out uint256? hash))
                {
                    _invalid.Add(hash);
                }
            }
        }
    }

    /// <summary>Adds every stored block to <paramref name="chain"/>, then marks the invalid ones.</summary>
    public void Replay(ChainState chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (File.Exists(_blocksPath))
        {
            using var stream = new FileStream(_blocksPath, FileMode.Open, FileAccess.Read);
            using var reader = new BinaryReader(stream);
            while (stream.Position + 4 <= stream.Length)
            {
                int length = reader.ReadInt32();
                if (length <= 0 || stream.Position + length > stream.Length)
                {
                    // A block cut short by a crash while it was written: the chain ends before it.
                    break;
                }

                Block block = Block.Load(reader.ReadBytes(length), Network.RegTest);
                if (chain.Find(block.GetHash()) is null)
                {
                    try
                    {
                        chain.Add(block);
                    }
                    catch (BlockRejectedException)
                    {
                        // Stored while on a side branch and found invalid once it could be connected: it stays known and invalid.
                    }
                }
            }
        }

        foreach (uint256 hash in _invalid)
        {
            if (chain.Find(hash) is { } block)
            {
                chain.Invalidate(block);
            }
        }
    }

    public void Append(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        byte[] bytes = block.ToBytes();
        using var stream = new FileStream(_blocksPath, FileMode.Append, FileAccess.Write);
        using var writer = new BinaryWriter(stream);
        writer.Write(bytes.Length);
        writer.Write(bytes);
        writer.Flush();
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Records which blocks are marked invalid now (after invalidateblock or reconsiderblock).</summary>
    public void SaveInvalid(IEnumerable<uint256> invalid)
    {
        ArgumentNullException.ThrowIfNull(invalid);
        _invalid.Clear();
        _invalid.UnionWith(invalid);
        File.WriteAllLines(_invalidPath, _invalid.Select(h => h.ToString()));
    }
}
