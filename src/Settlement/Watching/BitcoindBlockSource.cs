using Microchannels.Settlement.Rpc;

namespace Microchannels.Settlement.Watching;

/// <summary>An <see cref="IBlockSource"/> over bitcoind's JSON-RPC (getbestblockhash, getblockhash, getblock verbosity 0).</summary>
public sealed class BitcoindBlockSource(BitcoindRpcClient rpc) : IBlockSource
{
    private readonly BitcoindRpcClient _rpc = rpc ?? throw new ArgumentNullException(nameof(rpc));

    public Task<BlockHash> GetBestBlockHashAsync(CancellationToken cancellationToken = default) =>
        _rpc.GetBestBlockHashAsync(cancellationToken);

    public async Task<BlockHash?> GetBlockHashAsync(int height, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _rpc.GetBlockHashAsync(height, cancellationToken).ConfigureAwait(false);
        }
        catch (BitcoindRpcException e) when (e.Code == RpcErrorCode.InvalidParameter)
        {
            // rpc/blockchain.cpp getblockhash: "Block height out of range" (-8) above the tip.
            return null;
        }
    }

    public async Task<SourceBlock> GetBlockAsync(BlockHash hash, CancellationToken cancellationToken = default) =>
        RawBlockParser.Parse(await _rpc.GetRawBlockAsync(hash, cancellationToken).ConfigureAwait(false));
}
