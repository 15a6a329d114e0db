using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Net.Client;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Addresses;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.EmbeddedChain.Hosting;
using Microchannels.Provider.Api.V1;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Wallet;
using PublicKey = Microchannels.Bitcoin.Crypto.PublicKey;

namespace Microchannels.Benchmarks;

/// <summary>
/// Load generator for the provider daemon (<c>dotnet run -c Release -- load-daemon [meters] [seconds] [interval ms]</c>):
/// the real daemon process (src/Provider's build output) on the SIMULATED embedded chain,
/// <c>meters</c> simulated meters in this process, each funding its channel from a real
/// coin, opening it over BOLT 8 and then paying 1 sat every <c>interval</c> without waiting
/// for the previous payment. One SubscribeTransfers client counts what it is delivered;
/// one GetChannel client asks for a random channel back to back and times each call; the
/// daemon's RSS and CPU are read from /proc every second.
/// </summary>
internal static partial class DaemonLoad
{
    private const string RpcUser = "load";
    private const string RpcPassword = "load";

    public static async Task RunAsync(int meterCount, int seconds, int intervalMs)
    {
        // The measuring loop and the two API clients share this process with the meters: enough threads that they are not queued behind them.
        ThreadPool.SetMinThreads(64, 64);
        string root = Directory.CreateTempSubdirectory("microchannels-daemon-load-").FullName;
        try
        {
            await RunInAsync(root, meterCount, seconds, intervalMs);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task RunInAsync(string root, int meterCount, int seconds, int intervalMs)
    {
        await using var chain = EmbeddedChainHost.Start(new EmbeddedChainOptions { DataDirectory = Path.Combine(root, "chain"), Persist = false, RpcUser = RpcUser, RpcPassword = RpcPassword });
        using var rpc = new BitcoindRpcClient(new BitcoindRpcOptions(chain.Endpoint, BitcoindCredentials.FromUserPassword(RpcUser, RpcPassword)));
        var clock = Stopwatch.StartNew();
        using var wallet = await FundWalletAsync(rpc, meterCount);
        Console.WriteLine($"funded {meterCount} coins (one coinbase each, matured) in {clock.Elapsed.TotalSeconds:F1} s");

        using var daemon = StartDaemon(root, chain.Endpoint);
        var (nodeId, peer, apiPort) = await daemon.ReadyAsync();
        using var api = Channel(Path.Combine(root, "provider"), apiPort);
        var admin = new ProviderService.ProviderServiceClient(api);

        var funding = new SharedFundingWallet(new MeterFundingWallet(wallet), rpc);
        var meters = Enumerable.Range(0, meterCount).Select(i => new DaemonLoadMeter(i, funding)).ToList();
        try
        {
            clock.Restart();
            foreach (var batch in meters.Chunk(50))
            {
                await Task.WhenAll(batch.Select(m => m.OpenAsync(peer, nodeId)));
            }

            await RegtestMineAsync(rpc, 3);
            await Task.WhenAll(meters.Select(m => m.ConfirmAsync()));
            await WaitAsync(async () => (await admin.GetInfoAsync(new GetInfoRequest())).ChannelCounts.Where(c => c.State == ChannelState.Normal).Sum(c => (long)c.Count) >= meterCount, "every channel NORMAL at the daemon", 600);
            Console.WriteLine($"opened {meterCount} channels (funded, confirmed, channel_ready both ways) in {clock.Elapsed.TotalSeconds:F1} s");

            var channelIds = (await ListAllAsync(admin)).ToArray();
            using var stop = new CancellationTokenSource();
            var subscriber = new Subscriber(admin);
            var subscribing = subscriber.RunAsync(stop.Token);
            var paying = meters.Select(m => m.PayEveryAsync(TimeSpan.FromMilliseconds(intervalMs), stop.Token)).ToList();

            // Warm up (JIT, caches, the subscriber catching up), then measure.
            Console.Error.WriteLine($"  {channelIds.Length} channels listed; paying, warming up for 5 s");
            await Task.Delay(TimeSpan.FromSeconds(5));
            var probe = new Probe(daemon.ProcessId);
            long deliveredBefore = subscriber.Delivered;
            long sentBefore = meters.Sum(m => m.Posted);
            probe.Sample();
            var latencies = new List<double>();
            var lags = new List<long>();
            clock.Restart();
            var lookups = Task.Run(async () =>
            {
                var random = new Random(7);
                while (clock.Elapsed.TotalSeconds < seconds)
                {
                    string id = channelIds[random.Next(channelIds.Length)];
                    long started = Stopwatch.GetTimestamp();
                    await admin.GetChannelAsync(new GetChannelRequest { ChannelId = id }, deadline: DateTime.UtcNow.AddSeconds(30));
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            });
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                await Task.Delay(1000);
                probe.Sample();
                ulong newest = (await admin.GetInfoAsync(new GetInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(30))).LastTransferSequence;
                lags.Add((long)newest - (long)subscriber.LastSequence);
                Console.Error.WriteLine($"  {clock.Elapsed.TotalSeconds:F0} s: posted {meters.Sum(m => m.Posted) - sentBefore}, delivered {subscriber.Delivered - deliveredBefore}, journal {newest}, subscriber at {subscriber.LastSequence}, GetChannel calls {latencies.Count}, RSS {probe.RssMiB} MiB");
            }

            await lookups;
            double elapsed = clock.Elapsed.TotalSeconds;
            long delivered = subscriber.Delivered - deliveredBefore;
            long posted = meters.Sum(m => m.Posted) - sentBefore;
            await stop.CancelAsync();
            Console.Error.WriteLine("  stopping the meters");
            await Task.WhenAll(paying).WaitAsync(TimeSpan.FromSeconds(60));
            await subscribing.WaitAsync(TimeSpan.FromSeconds(60));

            latencies.Sort();
            var info = await admin.GetInfoAsync(new GetInfoRequest());
            Console.WriteLine($"{meterCount} meters, one payment each every {intervalMs} ms, measured over {elapsed:F1} s:");
            Console.WriteLine($"  offered: {posted / elapsed:F0} transfers/s posted by the meters");
            Console.WriteLine($"  delivered to one SubscribeTransfers client: {delivered / elapsed:F0} transfers/s ({delivered} transfers)");
            Console.WriteLine($"  subscriber lag behind the journal, sampled each second: median {Median(lags)}, max {lags.Max()} transfers");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  GetChannel by channel id ({latencies.Count} calls, one client, TLS): p50 {Percentile(latencies, 0.50):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms, max {latencies[^1]:F2} ms"));
            Console.WriteLine($"  daemon: RSS {probe.RssMiB} MiB at the end (max {probe.MaxRssMiB} MiB), CPU {probe.CpuPercent(elapsed):F0} % of one core ({probe.CpuMicroseconds / Math.Max(1, delivered):F0} µs per delivered transfer)");
            Console.WriteLine($"  journal: {info.LastTransferSequence} transfers in all; this process (meters and clients): working set {Environment.WorkingSet / 1024 / 1024} MiB");
        }
        catch (Exception) when (daemon.HasExited)
        {
            Console.Error.WriteLine($"the daemon exited with {daemon.ExitCode}; its last lines:\n{string.Join('\n', daemon.Log.TakeLast(40))}");
            throw;
        }
        finally
        {
            foreach (var meter in meters)
            {
                await meter.DisposeAsync();
            }

            await daemon.StopAsync();
        }
    }

    private static async Task<MeterWallet> FundWalletAsync(BitcoindRpcClient rpc, int coins)
    {
        var wallet = new MeterWallet(Hashes.Sha256("load meters' wallet"u8), Network.Regtest);
        for (int i = 0; i < coins; i++)
        {
            await rpc.GenerateToAddressAsync(1, wallet.GetNewAddress().ToString());
        }

        // Coinbase outputs mature after 100 blocks (consensus COINBASE_MATURITY).
        using var burn = PrivateKey.FromBytes(Hashes.Sha256("load burn"u8));
        await rpc.GenerateToAddressAsync(101, new SegwitAddress(Network.Regtest, 0, Hashes.Hash160(burn.PublicKey.AsSpan())).ToString());
        await wallet.RescanAsync(rpc, 0);
        return wallet;
    }

    private static async Task RegtestMineAsync(BitcoindRpcClient rpc, int blocks)
    {
        using var burn = PrivateKey.FromBytes(Hashes.Sha256("load burn"u8));
        await rpc.GenerateToAddressAsync(blocks, new SegwitAddress(Network.Regtest, 0, Hashes.Hash160(burn.PublicKey.AsSpan())).ToString());
    }

    private static async Task<List<string>> ListAllAsync(ProviderService.ProviderServiceClient admin)
    {
        var ids = new List<string>();
        string token = "";
        do
        {
            var page = await admin.ListChannelsAsync(new ListChannelsRequest { PageSize = 1000, PageToken = token });
            ids.AddRange(page.Channels.Select(c => c.ChannelId));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return ids;
    }

    private static DaemonRun StartDaemon(string root, Uri chain)
    {
        string directory = Path.Combine(root, "provider");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        int apiPort = FreePort(), metricsPort = FreePort();
        foreach (string arg in (string[])["exec", DaemonDll, "--datadir", directory, "--api-listen", $"127.0.0.1:{apiPort}", "--peer-listen", "127.0.0.1:0",
            "--metrics-listen", $"127.0.0.1:{metricsPort}", "--bitcoind-rpc-url", chain.ToString(), "--bitcoind-rpc-user", RpcUser, "--bitcoind-rpc-password", RpcPassword,
            "--Api:RateLimitPerMinute", "10000000", "--Channels:MaxOpening", "2000"])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["MICROCHANNELS_METERS__OPENTOALL"] = "true";
        start.Environment["MICROCHANNELS_BITCOIND__POLLINTERVALMS"] = "200";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return new DaemonRun(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"), apiPort);
    }

    private static string DaemonDll
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Microchannels.sln")))
            {
                directory = directory.Parent;
            }

            return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Microchannels.sln not found"), "src", "Provider", "bin", "Release", "net10.0", "Microchannels.Provider.dll");
        }
    }

    private static GrpcChannel Channel(string dataDirectory, int port)
    {
        var expected = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(dataDirectory, "tls.cert"));
        string token = File.ReadAllText(Path.Combine(dataDirectory, "admin.token")).Trim();
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(expected.RawData) },
            EnableMultipleHttp2Connections = true,
        };
        var credentials = ChannelCredentials.Create(ChannelCredentials.SecureSsl, CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", $"Bearer {token}");
            return Task.CompletedTask;
        }));
        return GrpcChannel.ForAddress($"https://127.0.0.1:{port}", new GrpcChannelOptions { HttpHandler = handler, Credentials = credentials, DisposeHttpClient = true });
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, int seconds)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed.TotalSeconds > seconds)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(200);
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static long Median(List<long> values) => values.Order().ElementAt(values.Count / 2);

    [GeneratedRegex(@"^Provider node ([0-9a-f]{66}) on \w+: meters connect to (\S+), API on")]
    private static partial Regex ReadyLine();

    /// <summary>The daemon process: waits for its ready line; its warnings and errors are echoed; stopped with a kill at the end.</summary>
    private sealed class DaemonRun(Process process, int apiPort) : IDisposable
    {
        private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int ProcessId => process.Id;

        /// <summary>Everything the daemon wrote, for a failed run.</summary>
        public System.Collections.Concurrent.ConcurrentQueue<string> Log { get; } = new();

        public bool HasExited => process.HasExited;

        public int ExitCode => process.ExitCode;

        public async Task<(PublicKey NodeId, System.Net.IPEndPoint Peer, int ApiPort)> ReadyAsync()
        {
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { } line)
                {
                    Log.Enqueue(line);
                    if (ReadyLine().IsMatch(line))
                    {
                        _ready.TrySetResult(line);
                    }
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { } line)
                {
                    Log.Enqueue(line);
                    Console.Error.WriteLine($"daemon: {line}");
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var match = ReadyLine().Match(await _ready.Task.WaitAsync(TimeSpan.FromSeconds(120)));
            return (PublicKey.FromBytes(Convert.FromHexString(match.Groups[1].Value)), System.Net.IPEndPoint.Parse(match.Groups[2].Value), apiPort);
        }

        public async Task StopAsync()
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }

        public void Dispose() => process.Dispose();
    }

    /// <summary>The daemon's resident set and CPU time, from /proc.</summary>
    private sealed class Probe(int pid)
    {
        private long _firstTicks = -1;
        private long _lastTicks;

        public long RssMiB { get; private set; }

        public long MaxRssMiB { get; private set; }

        public double CpuMicroseconds => (_lastTicks - _firstTicks) * 1_000_000.0 / 100;

        public double CpuPercent(double seconds) => CpuMicroseconds / 10_000.0 / seconds;

        public void Sample()
        {
            string status = File.ReadAllText($"/proc/{pid}/status");
            string rss = status.Split('\n').First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            RssMiB = long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            MaxRssMiB = Math.Max(MaxRssMiB, RssMiB);

            // /proc/<pid>/stat fields 14 and 15: utime and stime in clock ticks (USER_HZ, 100 on Linux).
            string[] stat = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            _lastTicks = long.Parse(stat[11], CultureInfo.InvariantCulture) + long.Parse(stat[12], CultureInfo.InvariantCulture);
            if (_firstTicks < 0)
            {
                _firstTicks = _lastTicks;
            }
        }
    }

    /// <summary>One back office: follows SubscribeTransfers from the start and counts what it is delivered.</summary>
    private sealed class Subscriber(ProviderService.ProviderServiceClient client)
    {
        private long _delivered;
        private long _last;

        public long Delivered => Interlocked.Read(ref _delivered);

        public ulong LastSequence => (ulong)Interlocked.Read(ref _last);

        public async Task RunAsync(CancellationToken stop)
        {
            try
            {
                using var call = client.SubscribeTransfers(new SubscribeTransfersRequest(), cancellationToken: stop);
                await foreach (var transfer in call.ResponseStream.ReadAllAsync(stop))
                {
                    Interlocked.Exchange(ref _last, (long)transfer.Sequence);
                    Interlocked.Increment(ref _delivered);
                }
            }
            catch (Exception e) when (e is OperationCanceledException || (e is RpcException r && r.StatusCode == StatusCode.Cancelled))
            {
                // Done.
            }
        }
    }
}
