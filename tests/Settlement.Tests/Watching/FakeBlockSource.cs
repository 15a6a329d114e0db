using System.Collections.Immutable;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Watching;

namespace Microchannels.Settlement.Tests.Watching;

/// <summary>A scripted best chain from height 0: blocks are mined on the tip or the top ones replaced, as a reorganisation does.</summary>
internal sealed class FakeBlockSource : IBlockSource
{
    private static int s_nextHash;
    private readonly List<SourceBlock> _chain = [];

    public int Calls { get; private set; }

    public SourceBlock Mine(params Transaction[] transactions)
    {
        BlockHash previous = _chain.Count == 0 ? default : _chain[^1].Hash;
        var block = new SourceBlock(NewHash(), previous, [.. transactions]);
        _chain.Add(block);
        return block;
    }

    /// <summary>Drops the top <paramref name="blocks"/> blocks; their replacements are mined next.</summary>
    public void Rewind(int blocks) => _chain.RemoveRange(_chain.Count - blocks, blocks);

    public Task<BlockHash> GetBestBlockHashAsync(CancellationToken cancellationToken = default)
    {
        Calls++;
        return Task.FromResult(_chain[^1].Hash);
    }

    public Task<BlockHash?> GetBlockHashAsync(int height, CancellationToken cancellationToken = default)
    {
        Calls++;
        return Task.FromResult<BlockHash?>(height < _chain.Count ? _chain[height].Hash : null);
    }

    public Task<SourceBlock> GetBlockAsync(BlockHash hash, CancellationToken cancellationToken = default)
    {
        Calls++;
        return Task.FromResult(_chain.Single(block => block.Hash == hash));
    }

    /// <summary>A transaction spending <paramref name="spends"/> (or a fresh made-up outpoint) to one output.</summary>
    public static Transaction Transaction(OutPoint? spends = null)
    {
        int n = Interlocked.Increment(ref s_nextHash);
        var prevOut = spends ?? new OutPoint(new TxId(Hash32(n, 0xaa)), 0);
        return new Transaction(2, [new TxIn(prevOut, TxIn.SequenceFinal)], [new TxOut(new Satoshis(1000 + n), Script.Empty)], 0);
    }

    private static BlockHash NewHash() =>
        BlockHash.Parse(Convert.ToHexStringLower(Hash32(Interlocked.Increment(ref s_nextHash), 0xbb)));

    private static byte[] Hash32(int n, byte tag)
    {
        byte[] bytes = new byte[32];
        BitConverter.TryWriteBytes(bytes, n);
        bytes[31] = tag;
        return bytes;
    }
}
