using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microchannels.Provider.Api.V1;
using PublicKey = Microchannels.Bitcoin.Crypto.PublicKey;

namespace Microchannels.Provider.Tests.Support;

/// <summary>
/// The real daemon as a child process (dotnet exec of src/Provider's build output) on free
/// loopback ports with its own data directory, and clients for its API over TLS with the
/// certificate it generated.
/// </summary>
internal sealed partial class DaemonProcess : IAsyncDisposable
{
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<GrpcChannel> _channels = [];

    private DaemonProcess(Process process, string dataDirectory, int apiPort, int metricsPort)
    {
        _process = process;
        DataDirectory = dataDirectory;
        ApiPort = apiPort;
        MetricsPort = metricsPort;
    }

    public string DataDirectory { get; }

    public int ApiPort { get; }

    public int MetricsPort { get; }

    public IPEndPoint PeerEndPoint { get; private set; } = null!;

    public PublicKey NodeId { get; private set; } = null!;

    public string AdminToken => File.ReadAllText(Path.Combine(DataDirectory, "admin.token")).Trim();

    public string ReadOnlyToken => File.ReadAllText(Path.Combine(DataDirectory, "readonly.token")).Trim();

    public string CertificatePath => Path.Combine(DataDirectory, "tls.cert");

    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    public static string DaemonDll
    {
        get
        {
            string root = RepositoryRoot;
            string configuration = AppContext.BaseDirectory.Contains("/bin/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
            return Path.Combine(root, "src", "Provider", "bin", configuration, "net10.0", "Microchannels.Provider.dll");
        }
    }

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Microchannels.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Microchannels.sln not found above the test directory.");
        }
    }

    /// <summary>Starts the daemon and waits until it serves; <paramref name="apiPort"/> 0 picks a free port.</summary>
    public static async Task<DaemonProcess> StartAsync(string dataDirectory, string bitcoindUrl, int apiPort = 0, int metricsPort = 0, params string[] extraArgs)
    {
        var daemon = Launch(dataDirectory, bitcoindUrl, apiPort == 0 ? FreePort.Pick() : apiPort, metricsPort == 0 ? FreePort.Pick() : metricsPort, extraArgs);
        await daemon.WaitReadyAsync();
        return daemon;
    }

    /// <summary>A client over cleartext HTTP/2 (h2c), for a daemon started with --api-insecure true.</summary>
    public ProviderService.ProviderServiceClient InsecureClient(string token)
    {
        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{ApiPort}");
        lock (_channels)
        {
            _channels.Add(channel);
        }

        return new ProviderService.ProviderServiceClient(channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {token}");
            return metadata;
        }));
    }

    /// <summary>Starts the daemon without waiting (for start-up failures).</summary>
    public static DaemonProcess Launch(string dataDirectory, string bitcoindUrl, int apiPort, int metricsPort, params string[] extraArgs) =>
        Launch(new Dictionary<string, string>(), dataDirectory, bitcoindUrl, apiPort, metricsPort, extraArgs);

    /// <summary>As <see cref="Launch(string, string, int, int, string[])"/>, with extra environment variables.</summary>
    public static DaemonProcess Launch(IReadOnlyDictionary<string, string> environment, string dataDirectory, string bitcoindUrl, int apiPort, int metricsPort, params string[] extraArgs)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["exec", DaemonDll, "--datadir", dataDirectory, "--api-listen", $"127.0.0.1:{apiPort}", "--peer-listen", "127.0.0.1:0",
            "--metrics-listen", $"127.0.0.1:{metricsPort}", "--bitcoind-rpc-url", bitcoindUrl, "--bitcoind-rpc-user", "test", "--bitcoind-rpc-password", "test", .. extraArgs])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["MICROCHANNELS_BITCOIND__POLLINTERVALMS"] = "100";
        start.Environment["DOTNET_TieredPGO"] = "0";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var daemon = new DaemonProcess(process, dataDirectory, apiPort, metricsPort);
        process.OutputDataReceived += (_, e) => daemon.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return daemon;
    }

    public async Task<int> WaitForExitAsync(int seconds = 60)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, then the exit code (0 after a graceful shutdown).</summary>
    public async Task<int> TerminateAsync()
    {
        Assert.Equal(0, Kill(_process.Id, SigTerm));
        return await WaitForExitAsync();
    }

    /// <summary>SIGKILL: no shutdown at all.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public ProviderService.ProviderServiceClient Client(string? token) => new(Channel(token));

    public GrpcChannel Channel(string? token)
    {
        var expected = X509CertificateLoader.LoadCertificateFromFile(CertificatePath);
        var handler = new SocketsHttpHandler
        {
            // Trust exactly the certificate the daemon generated, as lncli trusts tls.cert.
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(expected.RawData) },
        };
        var credentials = token is null
            ? ChannelCredentials.SecureSsl
            : ChannelCredentials.Create(ChannelCredentials.SecureSsl, CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("authorization", $"Bearer {token}");
                return Task.CompletedTask;
            }));
        var channel = GrpcChannel.ForAddress($"https://127.0.0.1:{ApiPort}", new GrpcChannelOptions { HttpHandler = handler, Credentials = credentials, DisposeHttpClient = true });
        lock (_channels)
        {
            _channels.Add(channel);
        }

        return channel;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_channels)
        {
            foreach (var channel in _channels)
            {
                channel.Dispose();
            }
        }

        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    public async Task WaitReadyAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var exited = _process.WaitForExitAsync(timeout.Token);
        var ready = await Task.WhenAny(_ready.Task, exited);
        if (ready != _ready.Task)
        {
            Assert.Fail($"the daemon did not start:\n{Output}");
        }

        // "Provider node <id> on regtest: meters connect to <endpoint>, API on https://..."
        var match = ReadyLine().Match(_ready.Task.Result);
        NodeId = PublicKey.FromBytes(Convert.FromHexString(match.Groups[1].Value));
        PeerEndPoint = IPEndPoint.Parse(match.Groups[2].Value);
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (ReadyLine().IsMatch(line))
        {
            _ready.TrySetResult(line);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^Provider node ([0-9a-f]{66}) on \w+: meters connect to (\S+), API on")]
    private static partial System.Text.RegularExpressions.Regex ReadyLine();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
