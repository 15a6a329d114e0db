using Microchannels.Settlement.Rpc;

namespace Microchannels.Settlement.Watching;

/// <summary>
/// Where the watcher reads the best chain: the three questions it asks bitcoind
/// (getbestblockhash, getblockhash, getblock). Narrow so that reorganisations can
/// be replayed in tests against a scripted chain.
/// </summary>
public interface IBlockSource
{
    /// <summary>The tip of the source's most-work valid chain.</summary>
    Task<BlockHash> GetBestBlockHashAsync(CancellationToken cancellationToken = default);

    /// <summary>The block at <paramref name="height"/> on the source's best chain, or null when the chain is shorter.</summary>
    Task<BlockHash?> GetBlockHashAsync(int height, CancellationToken cancellationToken = default);

    /// <summary>The block with hash <paramref name="hash"/>, its transactions parsed.</summary>
    Task<SourceBlock> GetBlockAsync(BlockHash hash, CancellationToken cancellationToken = default);
}
