using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microchannels.Demo.Processes;

namespace Microchannels.Demo.Run;

/// <summary>One meterd child process with a simulated source, and its loopback status endpoint.</summary>
internal sealed partial class MeterDaemon : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;

    private MeterDaemon(int index, MeterProfile profile, ChildProcess process, int statusPort, string dataDirectory)
    {
        Index = index;
        Profile = profile;
        Process = process;
        DataDirectory = dataDirectory;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{statusPort}/"), Timeout = TimeSpan.FromSeconds(5) };
    }

    public int Index { get; }

    public string Name => $"meter {Index + 1}";

    public MeterProfile Profile { get; }

    public ChildProcess Process { get; }

    public string DataDirectory { get; }

    public string NodeId { get; private set; } = "";

    /// <summary>The last report read; null before the first.</summary>
    public MeterReport? Last { get; private set; }

    public static MeterDaemon Start(int index, string runDirectory, string providerAddress, IReadOnlyDictionary<string, string> chainSettings, int intervalSeconds)
    {
        var profile = MeterProfile.For(index);
        string dataDirectory = Path.Combine(runDirectory, $"meter-{index + 1}");
        Directory.CreateDirectory(dataDirectory);
        int statusPort = FreePort.Pick();
        var settings = new Dictionary<string, string>(chainSettings)
        {
            ["MICROCHANNELS_NETWORK"] = "regtest",
            ["MICROCHANNELS_PROVIDER"] = providerAddress,
            ["MICROCHANNELS_BITCOIND__POLLINTERVALMS"] = "250",
            ["MICROCHANNELS_STATUS__LISTEN"] = $"127.0.0.1:{statusPort}",
            ["MICROCHANNELS_CHANNEL__FUNDINGSAT"] = Tariff.FundingSat.ToString(CultureInfo.InvariantCulture),
            ["MICROCHANNELS_CHANNEL__RECONNECTBASEDELAYMS"] = "200",
            ["MICROCHANNELS_CHANNEL__RECONNECTMAXDELAYMS"] = "2000",
            ["MICROCHANNELS_PAYMENTS__INTERVALSECONDS"] = intervalSeconds.ToString(CultureInfo.InvariantCulture),
            ["MICROCHANNELS_SOURCE__KIND"] = "simulated",
            ["MICROCHANNELS_SOURCE__PROFILE"] = profile.Profile,
            ["MICROCHANNELS_SOURCE__WATTS"] = profile.Watts.ToString(CultureInfo.InvariantCulture),
            ["MICROCHANNELS_TARIFF__IMPORTMSATPERWH"] = Tariff.MsatPerWh.ToString(CultureInfo.InvariantCulture),
            ["MICROCHANNELS_TARIFF__CEILINGMSATPERWH"] = Tariff.CeilingMsatPerWh.ToString(CultureInfo.InvariantCulture),
            ["MICROCHANNELS_RELAY__KIND"] = "simulated",
        };
        var process = ChildProcess.StartDotnet(
            $"meter {index + 1}", Repository.MeterDll, ["--datadir", dataDirectory], settings,
            Path.Combine(runDirectory, "logs", $"meter-{index + 1}.log"), Ready());
        return new MeterDaemon(index, profile, process, statusPort, dataDirectory);
    }

    public async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        var ready = await Process.WaitReadyAsync(TimeSpan.FromSeconds(180), cancellationToken).ConfigureAwait(false);
        NodeId = ready.Groups[1].Value;
    }

    /// <summary>GET /status; null while the endpoint does not answer yet.</summary>
    public async Task<MeterReport?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var report = await _http.GetFromJsonAsync<MeterReport>("status", Json, cancellationToken).ConfigureAwait(false);
            Last = report ?? Last;
            return report;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary>Reads the report until <paramref name="condition"/> holds; fails with the meter's log tail after <paramref name="timeout"/>.</summary>
    public async Task<MeterReport> WaitForAsync(Func<MeterReport, bool> condition, string what, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Process.HasExited)
            {
                throw new DemoFailedException($"{Name} exited while waiting for {what}; its last lines:\n{Process.Tail}");
            }

            if (await ReadAsync(cancellationToken).ConfigureAwait(false) is { } report && condition(report))
            {
                return report;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new DemoFailedException($"{Name}: no {what} in {timeout.TotalSeconds:0} s (phase {Last?.Phase ?? "unknown"}); its last lines:\n{Process.Tail}");
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Process.DisposeAsync().ConfigureAwait(false);
    }

    [GeneratedRegex(@"^Meter ([0-9a-f]{66}) on \w+: pays")]
    private static partial Regex Ready();
}
