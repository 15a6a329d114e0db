using System.Globalization;
using System.Text.RegularExpressions;
using Microchannels.Demo.Processes;
using Microchannels.Settlement.Rpc;

namespace Microchannels.Demo.Chains;

/// <summary>
/// The SIMULATED embedded regtest chain (src/Settlement/EmbeddedChain) as a process of its own:
/// bitcoind's RPC subset, every transaction checked by NBitcoin; not bitcoind, no network.
/// </summary>
internal sealed partial class EmbeddedChainProcess : DemoChain
{
    private readonly ChildProcess _process;
    private readonly string _cookieFile;

    private EmbeddedChainProcess(ChildProcess process, Uri rpcUrl, string cookieFile, BitcoindRpcClient root, BitcoindRpcClient wallet)
        : base("embedded", rpcUrl, root, wallet)
    {
        _process = process;
        _cookieFile = cookieFile;
    }

    public override IReadOnlyList<int> ProcessIds => [_process.Id];

    public override IReadOnlyDictionary<string, string> DaemonSettings => new Dictionary<string, string>
    {
        ["MICROCHANNELS_BITCOIND__RPCURL"] = RpcUrl.ToString(),
        ["MICROCHANNELS_BITCOIND__COOKIEFILE"] = _cookieFile,
    };

    public static async Task<EmbeddedChainProcess> StartAsync(string runDirectory, Action<ChildProcess> started, CancellationToken cancellationToken)
    {
        string dataDirectory = Path.Combine(runDirectory, "chain");
        int port = FreePort.Pick();
        var process = ChildProcess.StartDotnet(
            "embedded chain",
            Repository.EmbeddedChainDll,
            ["--datadir", dataDirectory, "--rpcport", port.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string>(),
            Path.Combine(runDirectory, "logs", "chain.log"),
            Ready());
        started(process);
        await process.WaitReadyAsync(TimeSpan.FromSeconds(180), cancellationToken).ConfigureAwait(false);
        string cookie = Path.Combine(dataDirectory, "regtest", ".cookie");
        var root = new BitcoindRpcClient(BitcoindRpcOptions.ForLocalNode(port, dataDirectory));
        var wallet = await OpenWalletAsync(root, cancellationToken).ConfigureAwait(false);
        return new EmbeddedChainProcess(process, new Uri($"http://127.0.0.1:{port}/"), cookie, root, wallet);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        await _process.DisposeAsync().ConfigureAwait(false);
    }

    [GeneratedRegex(@"^rpc http://127\.0\.0\.1:\d+/")]
    private static partial Regex Ready();
}
