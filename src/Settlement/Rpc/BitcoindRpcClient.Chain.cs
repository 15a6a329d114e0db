namespace Microchannels.Settlement.Rpc;

/// <summary>Node and block calls (Bitcoin Core rpc/blockchain.cpp, rpc/net.cpp, rpc/server.cpp).</summary>
public sealed partial class BitcoindRpcClient
{
    public async Task<BlockchainInfo> GetBlockchainInfoAsync(CancellationToken cancellationToken = default) =>
        BlockchainInfo.FromJson(await CallAsync("getblockchaininfo", true, cancellationToken).ConfigureAwait(false));

    public async Task<NetworkInfo> GetNetworkInfoAsync(CancellationToken cancellationToken = default) =>
        NetworkInfo.FromJson(await CallAsync("getnetworkinfo", true, cancellationToken).ConfigureAwait(false));

    /// <summary>The height of the most-work fully validated chain (the genesis block is 0).</summary>
    public async Task<int> GetBlockCountAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync("getblockcount", true, cancellationToken).ConfigureAwait(false)).Int32();

    public async Task<BlockHash> GetBestBlockHashAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync("getbestblockhash", true, cancellationToken).ConfigureAwait(false)).BlockHash();

    /// <summary>The hash of the active-chain block at <paramref name="height"/>; RPC error -8 when out of range.</summary>
    public async Task<BlockHash> GetBlockHashAsync(int height, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        return (await CallAsync("getblockhash", true, cancellationToken, height).ConfigureAwait(false)).BlockHash();
    }

    /// <summary><c>getblock &lt;hash&gt; 1</c>: header fields and txids.</summary>
    public async Task<BlockInfo> GetBlockAsync(BlockHash hash, CancellationToken cancellationToken = default) =>
        BlockInfo.FromJson(await CallAsync("getblock", true, cancellationToken, hash.ToString(), 1).ConfigureAwait(false));

    /// <summary>
    /// <c>getblock &lt;hash&gt; 0</c>: the serialized block. Its header is checked to
    /// hash to <paramref name="hash"/>, so the bytes are the block that was asked for.
    /// </summary>
    public async Task<byte[]> GetRawBlockAsync(BlockHash hash, CancellationToken cancellationToken = default)
    {
        RpcJson json = await CallAsync("getblock", true, cancellationToken, hash.ToString(), 0).ConfigureAwait(false);
        byte[] block = json.Hex();
        if (block.Length < BlockHash.HeaderSize || BlockHash.OfHeader(block) != hash)
        {
            throw json.Fail($"is not the block {hash}");
        }

        return block;
    }

    /// <summary>Asks bitcoind to shut down; returns its message ("Bitcoin Core stopping").</summary>
    public async Task<string> StopAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync("stop", false, cancellationToken).ConfigureAwait(false)).String();
}
