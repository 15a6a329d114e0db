using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microchannels.Bitcoin;
using Microchannels.EmbeddedChain.Hosting;
using Microchannels.Meter.Daemon.Status;
using Microchannels.Provider.Api.V1;
using Microchannels.Settlement.Regtest;
using Microchannels.Settlement.Rpc;

namespace Microchannels.Meter.Daemon.Tests.Support;

/// <summary>
/// Real processes on loopback: the embedded regtest chain (SIMULATED, in this process, mining
/// a block every second), the provider daemon (src/Provider) and the meter daemon (meterd),
/// each with its own data directory. The meter can be killed and restarted on the same data.
/// </summary>
internal sealed partial class StreamingRig : IAsyncDisposable
{
    /// <summary>10 Wh a second at 1000 imp/kWh: ten pulses a second.</summary>
    public const double Watts = 36_000;

    public const ulong PriceMsatPerWh = 300;

    public const ulong FundingSat = 200_000;

    private readonly string _root;
    private readonly EmbeddedChainHost _chain;
    private readonly BitcoindRpcClient _rootRpc;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Dictionary<string, string> _meterEnvironment;
    private readonly GrpcChannel _api;
    private string[] _providerArguments = [];

    private StreamingRig(string root, EmbeddedChainHost chain, BitcoindRpcClient rootRpc, BitcoindRpcClient wallet, DaemonProcess provider, string providerAddress, int statusPort, Dictionary<string, string> meterEnvironment, GrpcChannel api)
    {
        _api = api;
        Api = new ProviderService.ProviderServiceClient(api.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {File.ReadAllText(Path.Combine(root, "provider", "admin.token")).Trim()}");
            return metadata;
        }));
        _root = root;
        _chain = chain;
        _rootRpc = rootRpc;
        Wallet = wallet;
        Provider = provider;
        ProviderAddress = providerAddress;
        StatusPort = statusPort;
        _meterEnvironment = meterEnvironment;
    }

    public BitcoindRpcClient Wallet { get; }

    /// <summary>The provider's gRPC API as its administrator (cleartext h2c on loopback).</summary>
    public ProviderService.ProviderServiceClient Api { get; }

    public DaemonProcess Provider { get; private set; }

    public string ProviderDirectory => Path.Combine(_root, "provider");

    /// <summary>The chain as the harness sees it (raw transactions, depths).</summary>
    public BitcoindRpcClient Chain => _rootRpc;

    public DaemonProcess? Meter { get; private set; }

    public string ProviderAddress { get; }

    public int StatusPort { get; }

    public string MeterDirectory => Path.Combine(_root, "meter");

    public string Logs => $"--- meter ---\n{Tail(Meter?.Output)}\n--- provider ---\n{Tail(Provider.Output)}";

    /// <summary>Starts the chain and the provider; <paramref name="meterSettings"/> are MICROCHANNELS_ variables for the meter.</summary>
    public static async Task<StreamingRig> StartAsync(IReadOnlyDictionary<string, string>? meterSettings = null)
    {
        string root = Directory.CreateTempSubdirectory("meterd-test-").FullName;
        var chain = EmbeddedChainHost.Start(new EmbeddedChainOptions
        {
            DataDirectory = Path.Combine(root, "chain"),
            Persist = false,
            BlockInterval = TimeSpan.FromSeconds(1),
        });
        var rootRpc = new BitcoindRpcClient(BitcoindRpcOptions.ForLocalNode(chain.RpcPort, Path.Combine(root, "chain")));
        await rootRpc.CreateWalletAsync("harness");
        var wallet = rootRpc.ForWallet("harness");
        await RegtestFunding.MineAsync(wallet, 101);

        string providerDirectory = Path.Combine(root, "provider");
        Directory.CreateDirectory(providerDirectory);
        int apiPort = FreePort.Pick();
        string[] providerArguments =
        [
            "--datadir", providerDirectory, "--api-listen", $"127.0.0.1:{apiPort}", "--api-insecure", "true", "--peer-listen", $"127.0.0.1:{FreePort.Pick()}", "--metrics-listen", $"127.0.0.1:{FreePort.Pick()}",
            "--bitcoind-rpc-url", chain.Endpoint.ToString(), "--bitcoind-cookie-file", chain.CookieFilePath!,
        ];
        var provider = LaunchProvider(providerArguments);
        var ready = await provider.WaitReadyAsync(TimeSpan.FromSeconds(120));
        string address = $"{ready.Groups[1].Value}@{ready.Groups[2].Value}";

        int statusPort = FreePort.Pick();
        var environment = new Dictionary<string, string>
        {
            ["MICROCHANNELS_PROVIDER"] = address,
            ["MICROCHANNELS_BITCOIND__RPCURL"] = chain.Endpoint.ToString(),
            ["MICROCHANNELS_BITCOIND__COOKIEFILE"] = chain.CookieFilePath!,
            ["MICROCHANNELS_BITCOIND__POLLINTERVALMS"] = "200",
            ["MICROCHANNELS_STATUS__LISTEN"] = $"127.0.0.1:{statusPort}",
            ["MICROCHANNELS_CHANNEL__FUNDINGSAT"] = FundingSat.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MICROCHANNELS_CHANNEL__RECONNECTBASEDELAYMS"] = "100",
            ["MICROCHANNELS_CHANNEL__RECONNECTMAXDELAYMS"] = "1000",
            ["MICROCHANNELS_PAYMENTS__INTERVALSECONDS"] = "1",
            ["MICROCHANNELS_PAYMENTS__ACKNOWLEDGEMENTTIMEOUTSECONDS"] = "3",
            ["MICROCHANNELS_SOURCE__KIND"] = "simulated",
            ["MICROCHANNELS_SOURCE__WATTS"] = Watts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MICROCHANNELS_TARIFF__IMPORTMSATPERWH"] = PriceMsatPerWh.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in meterSettings ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        Directory.CreateDirectory(Path.Combine(root, "meter"));
        var rig = new StreamingRig(root, chain, rootRpc, wallet, provider, address, statusPort, environment, GrpcChannel.ForAddress($"http://127.0.0.1:{apiPort}"))
        {
            _providerArguments = providerArguments,
        };

        // The provider tells the meter its tariff (tariff_update) once the channel is open: the
        // default it charges is the rig's price, so the meter pays the same from its first Wh.
        await rig.SetTariffAsync(null, PriceMsatPerWh);
        return rig;
    }

    /// <summary>Stops the provider daemon (SIGTERM) and waits for it to exit.</summary>
    public async Task StopProviderAsync()
    {
        Provider.Signal(DaemonProcess.SigTerm);
        await Provider.WaitForExitAsync(TimeSpan.FromSeconds(60));
        await Provider.DisposeAsync();
    }

    /// <summary>Starts the provider daemon again on its data directory and ports, and waits until it serves.</summary>
    public async Task StartProviderAsync()
    {
        Provider = LaunchProvider(_providerArguments);
        await Provider.WaitReadyAsync(TimeSpan.FromSeconds(120));
    }

    private static DaemonProcess LaunchProvider(string[] arguments) => DaemonProcess.Launch(
        DaemonProcess.ProviderDll,
        arguments,
        new Dictionary<string, string> { ["MICROCHANNELS_METERS__OPENTOALL"] = "true", ["MICROCHANNELS_BITCOIND__POLLINTERVALMS"] = "200" },
        ProviderReady());

    /// <summary>Mines <paramref name="blocks"/> blocks now (the chain also mines one a second).</summary>
    public Task MineAsync(int blocks) => RegtestFunding.MineAsync(Wallet, blocks);

    /// <summary>Starts (or restarts) meterd on its data directory and waits for its first line.</summary>
    public async Task StartMeterAsync()
    {
        Meter = DaemonProcess.Launch(DaemonProcess.MeterDll, ["--datadir", MeterDirectory], _meterEnvironment, MeterReady());
        await Meter.WaitReadyAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Runs <c>meterd status</c> or <c>meterd close</c> as its own process; returns exit code and output.</summary>
    public async Task<(int Code, string Output)> CommandAsync(string command)
    {
        var process = DaemonProcess.Launch(DaemonProcess.MeterDll, [command, "--datadir", MeterDirectory], _meterEnvironment, new Regex("^$"));
        await using (process)
        {
            int code = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
            return (code, process.Output);
        }
    }

    /// <summary>SetTariff through the API: a flat price for <paramref name="meter"/>, or the default with null.</summary>
    public async Task<SetTariffResponse> SetTariffAsync(string? meter, ulong msatPerWh) =>
        await Api.SetTariffAsync(new SetTariffRequest { MeterNodeId = meter ?? "", Tariff = new Tariff { BaseMsatPerWh = (long)msatPerWh } });

    public async Task<MeterStatus?> StatusAsync() =>
        await _http.GetFromJsonAsync<MeterStatus>(new Uri($"http://127.0.0.1:{StatusPort}/status"), StatusServer.Json);

    public Task<MeterStatus> WaitAsync(Func<MeterStatus, bool> condition, string what, int seconds = 120) =>
        Eventually.WaitAsync(StatusAsync, condition, TimeSpan.FromSeconds(seconds), what, () => Logs);

    /// <summary>Funds the meter's wallet once it asks, and waits for the channel to open and a first payment to be acknowledged.</summary>
    public async Task<MeterStatus> FundAndOpenAsync()
    {
        var funding = await WaitAsync(s => s.Wallet is not null && s.Phase == "funding", "the meter to ask for funds");
        await RegtestFunding.FundAddressAsync(Wallet, funding.Wallet!.Address, new Satoshis(1_000_000));
        return await WaitAsync(s => s.Channel.State == "Normal" && s.Channel.Connected && s.Payments.PaidMsat > 0, "the channel to open and a first payment to be acknowledged", 180);
    }

    public async ValueTask DisposeAsync()
    {
        if (Meter is not null)
        {
            await Meter.DisposeAsync();
        }

        await Provider.DisposeAsync();
        _api.Dispose();
        _http.Dispose();
        Wallet.Dispose();
        _rootRpc.Dispose();
        await _chain.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A process still closing a file; the temporary directory is left.
        }
    }

    private static string Tail(string? output) => output is null ? "" : string.Join('\n', output.Split('\n').TakeLast(40));

    [GeneratedRegex(@"^Provider node ([0-9a-f]{66}) on \w+: meters connect to (\S+), API on")]
    private static partial Regex ProviderReady();

    [GeneratedRegex(@"^Meter ([0-9a-f]{66}) on \w+: pays")]
    private static partial Regex MeterReady();
}
