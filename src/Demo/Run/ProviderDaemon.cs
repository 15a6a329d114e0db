using System.Globalization;
using System.Text.RegularExpressions;
using Microchannels.Cli.Connection;
using Microchannels.Demo.Processes;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Demo.Run;

/// <summary>The provider daemon as a child process, its gRPC API (through mcli's client), its metrics and its dashboard.</summary>
internal sealed partial class ProviderDaemon : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private DaemonConnection? _connection;

    private ProviderDaemon(ChildProcess process, string dataDirectory, int apiPort, int metricsPort, int dashboardPort)
    {
        Process = process;
        DataDirectory = dataDirectory;
        ApiPort = apiPort;
        MetricsPort = metricsPort;
        DashboardPort = dashboardPort;
    }

    public ChildProcess Process { get; }

    public string DataDirectory { get; }

    public int ApiPort { get; }

    public int MetricsPort { get; }

    public int DashboardPort { get; }

    public string DashboardUrl => $"http://127.0.0.1:{DashboardPort}/";

    /// <summary>Where meters connect: node_id@host:port.</summary>
    public string Address { get; private set; } = "";

    public ProviderService.ProviderServiceClient Client => Connection.Client;

    public DaemonConnection Connection => _connection ?? throw new InvalidOperationException("The provider daemon is not ready.");

    public static ProviderDaemon Start(string runDirectory, IReadOnlyDictionary<string, string> chainSettings, int intervalSeconds)
    {
        string dataDirectory = Path.Combine(runDirectory, "provider");
        Directory.CreateDirectory(dataDirectory);
        int api = FreePort.Pick();
        int metrics = FreePort.Pick();
        int dashboard = FreePort.Pick();
        var settings = new Dictionary<string, string>(chainSettings)
        {
            ["MICROCHANNELS_METERS__OPENTOALL"] = "true",
            ["MICROCHANNELS_BITCOIND__POLLINTERVALMS"] = "250",
            ["MICROCHANNELS_DASHBOARD__LISTEN"] = $"127.0.0.1:{dashboard}",
            ["MICROCHANNELS_DASHBOARD__INTERVALSECONDS"] = intervalSeconds.ToString(CultureInfo.InvariantCulture),
        };
        var process = ChildProcess.StartDotnet(
            "provider",
            Repository.ProviderDll,
            ["--datadir", dataDirectory, "--network", "regtest", "--peer-listen", "127.0.0.1:0",
             "--api-listen", $"127.0.0.1:{api}", "--metrics-listen", $"127.0.0.1:{metrics}"],
            settings,
            Path.Combine(runDirectory, "logs", "provider.log"),
            Ready());
        return new ProviderDaemon(process, dataDirectory, api, metrics, dashboard);
    }

    public async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        var ready = await Process.WaitReadyAsync(TimeSpan.FromSeconds(180), cancellationToken).ConfigureAwait(false);
        Address = $"{ready.Groups[1].Value}@{ready.Groups[2].Value}";
        _connection = DaemonConnection.Open(new ConnectionSettings(
            new RpcServerAddress("127.0.0.1", ApiPort),
            Path.Combine(DataDirectory, DaemonDefaults.CertificateFile),
            Path.Combine(DataDirectory, DaemonDefaults.AdminTokenFile),
            Cleartext: false,
            Timeout: TimeSpan.FromSeconds(60)));
    }

    /// <summary>The channel store's state writes per fsync (group commit), from the Prometheus endpoint; null if it does not answer.</summary>
    public async Task<double?> WritesPerFsyncAsync(CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await _http.GetStringAsync(new Uri($"http://127.0.0.1:{MetricsPort}/metrics"), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }

        foreach (string line in text.Split('\n'))
        {
            if (line.StartsWith("microchannels_store_writes_per_fsync", StringComparison.Ordinal)
                && double.TryParse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Every channel, all pages.</summary>
    public async Task<IReadOnlyList<Channel>> ChannelsAsync(CancellationToken cancellationToken)
    {
        var channels = new List<Channel>();
        string token = "";
        do
        {
            var page = await Client.ListChannelsAsync(new ListChannelsRequest { PageSize = 1000, PageToken = token }, Connection.Unary(cancellationToken)).ConfigureAwait(false);
            channels.AddRange(page.Channels);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return channels;
    }

    public async ValueTask DisposeAsync()
    {
        _connection?.Dispose();
        _http.Dispose();
        await Process.DisposeAsync().ConfigureAwait(false);
    }

    [GeneratedRegex(@"^Provider node ([0-9a-f]{66}) on \w+: meters connect to (\S+), API on")]
    private static partial Regex Ready();
}
