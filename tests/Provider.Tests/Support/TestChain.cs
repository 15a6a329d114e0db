using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.EmbeddedChain.Hosting;
using Microchannels.Settlement.Regtest;
using Microchannels.Settlement.Rpc;

namespace Microchannels.Provider.Tests.Support;

/// <summary>
/// The regtest chain a daemon test runs on, reached only through bitcoind's JSON-RPC: the
/// SIMULATED embedded chain hosted in this process (its own data directory, a free port, user
/// and password "test", so it can be stopped and started again on the same port and data to
/// take bitcoind away), or a bitcoind started by <see cref="RegtestNode"/>. A wallet named
/// "harness" pays the meters' wallets and mines.
/// </summary>
internal sealed class TestChain : IAsyncDisposable
{
    private const string User = "test";
    private const string Password = "test";

    private readonly string? _directory;
    private readonly RegtestNode? _bitcoind;
    private EmbeddedChainHost? _embedded;
    private BitcoindRpcClient? _root;

    private TestChain(ChainKind kind, string? directory, RegtestNode? bitcoind, EmbeddedChainHost? embedded, BitcoindRpcClient rpc, BitcoindRpcClient? root, int port)
    {
        Kind = kind;
        _directory = directory;
        _bitcoind = bitcoind;
        _embedded = embedded;
        Rpc = rpc;
        _root = root;
        RpcPort = port;
    }

    public ChainKind Kind { get; }

    /// <summary>The harness wallet's endpoint; node calls work there too.</summary>
    public BitcoindRpcClient Rpc { get; private set; }

    public int RpcPort { get; }

    public string Url => $"http://127.0.0.1:{RpcPort}/";

    /// <summary>The daemon's options for this chain, beyond the URL (the cookie file for bitcoind; user and password "test" are DaemonProcess's default).</summary>
    public string[] DaemonArguments => _bitcoind is null ? [] : ["--bitcoind-cookie-file", Path.Combine(_bitcoind.DataDirectory, "regtest", ".cookie")];

    public static async Task<TestChain> StartAsync(ChainKind kind)
    {
        if (kind == ChainKind.Bitcoind)
        {
            var node = await RegtestNode.StartAsync(new RegtestNodeOptions { WalletName = "harness" });
            return new TestChain(kind, null, node, null, node.Rpc, null, node.RpcPort);
        }

        string directory = Directory.CreateTempSubdirectory("microchannels-provider-chain-").FullName;
        var host = StartEmbedded(directory, 0);
        var root = Client(host.RpcPort);
        await root.CreateWalletAsync("harness");
        return new TestChain(kind, directory, null, host, root.ForWallet("harness"), root, host.RpcPort);
    }

    public Task MineAsync(int blocks) => RegtestFunding.MineAsync(Rpc, blocks);

    public Task<int> HeightAsync() => Rpc.GetBlockCountAsync();

    /// <summary>Pays <paramref name="amount"/> to <paramref name="address"/> from the harness wallet and confirms it in one block.</summary>
    public Task<OutPoint> FundAsync(string address, Satoshis amount) => RegtestFunding.FundAddressAsync(Rpc, address, amount);

    public async Task<bool> InMempoolAsync(TxId txId) => (await Rpc.GetRawMempoolAsync()).Contains(txId);

    /// <summary>The depth of <paramref name="txId"/>: 0 in the mempool, null when the chain does not know it.</summary>
    public async Task<int?> DepthAsync(TxId txId)
    {
        try
        {
            return (await Rpc.GetRawTransactionInfoAsync(txId)).Confirmations ?? 0;
        }
        catch (BitcoindRpcException)
        {
            return null;
        }
    }

    public Task<Transaction> TransactionAsync(TxId txId) => Rpc.GetRawTransactionAsync(txId);

    /// <summary>Takes the embedded chain off the network (bitcoind gone); its blocks stay on disk.</summary>
    public async Task StopAsync()
    {
        Require();
        Rpc.Dispose();
        _root!.Dispose();
        await _embedded!.DisposeAsync();
        _embedded = null;
    }

    /// <summary>Serves the embedded chain again on the same port and data (its stored wallets load by themselves).</summary>
    public async Task StartAgainAsync()
    {
        Require();
        _embedded = StartEmbedded(_directory!, RpcPort);
        _root = Client(RpcPort);
        Rpc = _root.ForWallet("harness");
        await Rpc.GetBlockCountAsync();
    }

    /// <summary>Mines on the embedded chain while it is off the network (in process, no RPC): blocks the daemon cannot see.</summary>
    public async Task MineWhileStoppedAsync(int blocks)
    {
        Require();
        var host = StartEmbedded(_directory!, 0);
        using (var root = Client(host.RpcPort))
        using (var wallet = root.ForWallet("harness"))
        {
            await RegtestFunding.MineAsync(wallet, blocks);
        }

        await host.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_bitcoind is not null)
        {
            await _bitcoind.DisposeAsync();
            return;
        }

        if (_embedded is not null)
        {
            Rpc.Dispose();
            _root!.Dispose();
            await _embedded.DisposeAsync();
        }

        Directory.Delete(_directory!, recursive: true);
    }

    private void Require()
    {
        if (Kind != ChainKind.Embedded)
        {
            throw new InvalidOperationException("Only the embedded chain is stopped and started by the tests.");
        }
    }

    private static EmbeddedChainHost StartEmbedded(string directory, int port) => EmbeddedChainHost.Start(new EmbeddedChainOptions
    {
        DataDirectory = directory,
        RpcPort = port,
        RpcUser = User,
        RpcPassword = Password,
        Persist = true,
    });

    private static BitcoindRpcClient Client(int port) =>
        new(new BitcoindRpcOptions(new Uri($"http://127.0.0.1:{port}/"), BitcoindCredentials.FromUserPassword(User, Password)) { MaxRetries = 2 });
}
