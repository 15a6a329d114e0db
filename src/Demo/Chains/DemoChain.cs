using Microchannels.Settlement.Rpc;

namespace Microchannels.Demo.Chains;

/// <summary>
/// The chain the demo runs on: bitcoind, bitcoind in Docker, or the SIMULATED embedded chain.
/// Each serves bitcoind's JSON-RPC; the daemons get its address and credentials, the demo a
/// wallet to mine and fund the meters with.
/// </summary>
internal abstract class DemoChain : IAsyncDisposable
{
    private readonly BitcoindRpcClient _root;

    protected DemoChain(string kind, Uri rpcUrl, BitcoindRpcClient root, BitcoindRpcClient wallet)
    {
        Kind = kind;
        RpcUrl = rpcUrl;
        _root = root;
        Wallet = wallet;
    }

    /// <summary>"bitcoind", "docker" or "embedded".</summary>
    public string Kind { get; }

    public Uri RpcUrl { get; }

    /// <summary>The demo's own wallet on the chain: it mines blocks and funds the meters.</summary>
    public BitcoindRpcClient Wallet { get; }

    /// <summary>The chain's own processes the demo started (to check none is left behind).</summary>
    public virtual IReadOnlyList<int> ProcessIds => [];

    /// <summary>MICROCHANNELS_BITCOIND__* settings for the daemons: where the RPC is and how to log in.</summary>
    public abstract IReadOnlyDictionary<string, string> DaemonSettings { get; }

    public virtual ValueTask DisposeAsync()
    {
        Wallet.Dispose();
        _root.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Creates (or loads) the demo's wallet; bitcoind answers -4 when it exists already.</summary>
    protected static async Task<BitcoindRpcClient> OpenWalletAsync(BitcoindRpcClient root, CancellationToken cancellationToken)
    {
        const string name = "demo";
        try
        {
            await root.CreateWalletAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (BitcoindRpcException)
        {
            try
            {
                await root.LoadWalletAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (BitcoindRpcException)
            {
                // Loaded already.
            }
        }

        return root.ForWallet(name);
    }
}
