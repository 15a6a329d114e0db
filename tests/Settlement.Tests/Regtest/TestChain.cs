using System.Collections.Immutable;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.EmbeddedChain.Hosting;
using Microchannels.EmbeddedChain.Validation;
using Microchannels.Settlement.Regtest;
using Microchannels.Settlement.Rpc;

namespace Microchannels.Settlement.Tests.Regtest;

/// <summary>
/// A regtest chain for one test, reached only through <see cref="BitcoindRpcClient"/>: the
/// SIMULATED embedded chain hosted in process (its own temporary data directory, a free port,
/// its cookie), or a bitcoind started by <see cref="RegtestNode"/>. Either way a wallet named
/// "microchannels" is created and <see cref="Rpc"/> addresses it. Dispose to stop it and
/// delete its data.
/// </summary>
internal sealed class TestChain : IAsyncDisposable
{
    private const string WalletName = "microchannels";

    private readonly RegtestNode? _bitcoind;
    private readonly EmbeddedChainHost? _embedded;
    private readonly BitcoindRpcClient? _root;

    private TestChain(RegtestChainKind kind, RegtestNode? bitcoind, EmbeddedChainHost? embedded, BitcoindRpcClient? root, BitcoindRpcClient rpc, NetworkInfo info)
    {
        Kind = kind;
        _bitcoind = bitcoind;
        _embedded = embedded;
        _root = root;
        Rpc = rpc;
        NetworkInfo = info;
    }

    public RegtestChainKind Kind { get; }

    /// <summary>The wallet's endpoint; node calls work there too.</summary>
    public BitcoindRpcClient Rpc { get; }

    public NetworkInfo NetworkInfo { get; }

    public int RpcPort => _bitcoind?.RpcPort ?? _embedded!.RpcPort;

    public string DataDirectory => _bitcoind?.DataDirectory ?? _embedded!.DataDirectory;

    /// <summary>The embedded chain, to steer in process; null for bitcoind.</summary>
    public EmbeddedChainHost? Embedded => _embedded;

    /// <summary>What the REGTEST-PATH lines say: "embedded(SIMULATED)" or "bitcoind".</summary>
    public string Name => Kind == RegtestChainKind.Embedded ? "embedded(SIMULATED)" : "bitcoind";

    /// <summary>Who answered: the user agent and where it came from.</summary>
    public string Description => Kind == RegtestChainKind.Embedded
        ? $"SIMULATED embedded chain {NetworkInfo.Subversion} at 127.0.0.1:{RpcPort}"
        : $"bitcoind {NetworkInfo.Subversion} (version {NetworkInfo.Version}) at {_bitcoind!.BitcoindPath}";

    public static async Task<TestChain> StartAsync(RegtestChainKind kind, RelayPolicy? policy = null)
    {
        if (kind == RegtestChainKind.Bitcoind)
        {
            // The same relay policy, in bitcoind's options (BTC/kvB).
            string[] arguments = policy is null ? [] :
            [
                $"-minrelaytxfee={BtcAmount.ToBtc(new Satoshis(policy.MinRelayFeeRate)).ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                $"-incrementalrelayfee={BtcAmount.ToBtc(new Satoshis(policy.IncrementalRelayFeeRate)).ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                $"-blockmintxfee={BtcAmount.ToBtc(new Satoshis(policy.BlockMinFeeRate)).ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            ];
            RegtestNode node = await RegtestNode.StartAsync(new RegtestNodeOptions { ExtraArguments = [.. arguments] });
            return new TestChain(kind, node, null, null, node.Rpc, node.NetworkInfo);
        }

        string dataDirectory = Directory.CreateTempSubdirectory("microchannels-embedded-").FullName;
        EmbeddedChainHost host = EmbeddedChainHost.Start(new EmbeddedChainOptions
        {
            DataDirectory = dataDirectory,
            Persist = false,
            Policy = policy ?? new RelayPolicy(),
        });
        var root = new BitcoindRpcClient(BitcoindRpcOptions.ForLocalNode(host.RpcPort, dataDirectory));
        await root.CreateWalletAsync(WalletName);
        NetworkInfo info = await root.GetNetworkInfoAsync();
        return new TestChain(kind, null, host, root, root.ForWallet(WalletName), info);
    }

    public Task<ImmutableArray<BlockHash>> MineAsync(int blocks, string? address = null) =>
        RegtestFunding.MineAsync(Rpc, blocks, address);

    public Task<OutPoint> FundAddressAsync(string address, Satoshis amount) =>
        RegtestFunding.FundAddressAsync(Rpc, address, amount);

    public async ValueTask DisposeAsync()
    {
        if (_bitcoind is not null)
        {
            await _bitcoind.DisposeAsync();
            return;
        }

        Rpc.Dispose();
        _root!.Dispose();
        await _embedded!.DisposeAsync();
        Directory.Delete(_embedded.DataDirectory, recursive: true);
    }
}
