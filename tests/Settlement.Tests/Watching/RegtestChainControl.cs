using Microchannels.Settlement.Rpc;

namespace Microchannels.Settlement.Tests.Watching;

/// <summary>
/// The regtest-only RPCs a reorganisation test needs, called through the client's
/// generic call (BitcoindRpcClient has no typed method for them):
/// <c>invalidateblock</c> (rpc/blockchain.cpp) and <c>generateblock</c> (rpc/mining.cpp).
/// </summary>
internal static class RegtestChainControl
{
    /// <summary>Marks <paramref name="hash"/> and its descendants invalid; the node's tip falls back to its parent and their transactions return to the mempool.</summary>
    public static async Task InvalidateBlockAsync(BitcoindRpcClient rpc, BlockHash hash) =>
        await rpc.CallAsync("invalidateblock", false, CancellationToken.None, hash.ToString()).ConfigureAwait(false);

    /// <summary>Mines one block holding only its coinbase (paying to <paramref name="address"/>), whatever the mempool holds.</summary>
    public static async Task<BlockHash> GenerateEmptyBlockAsync(BitcoindRpcClient rpc, string address) =>
        (await rpc.CallAsync("generateblock", false, CancellationToken.None, address, Array.Empty<string>()).ConfigureAwait(false))
            .Property("hash").BlockHash();

    /// <summary>
    /// Mines one block holding exactly <paramref name="transactions"/> (raw, so they need not be
    /// in the mempool nor meet its relay fee: a miner paid out of band, or a cheater's own block).
    /// </summary>
    public static async Task<BlockHash> GenerateBlockWithAsync(BitcoindRpcClient rpc, string address, IEnumerable<Microchannels.Bitcoin.Transactions.Transaction> transactions) =>
        (await rpc.CallAsync(
            "generateblock",
            false,
            CancellationToken.None,
            address,
            transactions.Select(tx => Convert.ToHexStringLower(Microchannels.Bitcoin.Transactions.TransactionSerializer.Serialize(tx))).ToArray()).ConfigureAwait(false))
            .Property("hash").BlockHash();
}
