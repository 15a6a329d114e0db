using Microchannels.Settlement.Regtest;
using Microchannels.Settlement.Rpc;

namespace Microchannels.Demo.Chains;

/// <summary>A bitcoind found on PATH or through BITCOIND_EXE, started in regtest on a temporary data directory and free ports.</summary>
internal sealed class BitcoindChain : DemoChain
{
    private readonly RegtestNode _node;

    private BitcoindChain(RegtestNode node, BitcoindRpcClient root)
        : base("bitcoind", new Uri($"http://127.0.0.1:{node.RpcPort}/"), root, node.Rpc)
    {
        _node = node;
    }

    public string Version => _node.NetworkInfo.Subversion;

    public override IReadOnlyList<int> ProcessIds => [_node.ProcessId];

    public override IReadOnlyDictionary<string, string> DaemonSettings => new Dictionary<string, string>
    {
        ["MICROCHANNELS_BITCOIND__RPCURL"] = RpcUrl.ToString(),
        ["MICROCHANNELS_BITCOIND__COOKIEFILE"] = Path.Combine(_node.DataDirectory, "regtest", ".cookie"),
    };

    public static async Task<BitcoindChain> StartAsync(string bitcoind, CancellationToken cancellationToken)
    {
        var node = await RegtestNode.StartAsync(new RegtestNodeOptions { BitcoindPath = bitcoind }, cancellationToken).ConfigureAwait(false);

        // The node's own wallet client is the demo's wallet; a second client reaches the node itself.
        var root = new BitcoindRpcClient(BitcoindRpcOptions.ForLocalNode(node.RpcPort, node.DataDirectory));
        return new BitcoindChain(node, root);
    }

    public override async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
