using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Store;
using Microchannels.Channels.Transport;
using Microchannels.Channels.Wire;

namespace Microchannels.Benchmarks;

/// <summary>
/// Issue 14 item 3 (<c>dotnet run -c Release -- flood [handshakes] [stalled] [meters]</c>): a
/// provider node with its listed meters paying, measured idle, then while strangers run BOLT 8
/// handshakes with fresh identities (each then sends init and <c>open_channel</c> and is refused)
/// and stalled connections (TCP, then nothing) are held open from many loopback addresses.
/// Reports the meters' round trip p50/p99 idle and under flood, the handshake rate, what the
/// node holds, and the process's memory before, during and after. Attackers, meters and node
/// share one process, so the CPU figures are the whole machine's load.
/// </summary>
internal static class FloodLoad
{
    private const int StalledAddresses = 50;
    private const int Concurrency = 16;

    public static async Task RunAsync(int handshakes, int stalledCount, int meterCount)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"microchannels-flood-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            await RunInAsync(directory, handshakes, stalledCount, meterCount);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task RunInAsync(string directory, int handshakes, int stalledCount, int meterCount)
    {
        using var providerKey = PrivateKey.FromBytes(Hashes.Sha256("flood provider node"u8));
        await using var store = SqliteChannelStore.Open(new SqliteChannelStoreOptions(Path.Combine(directory, "provider.db")));
        var chain = new NodeLoad.LoadChain();
        var meters = Enumerable.Range(0, meterCount).Select(i => new NodeLoad.LoadMeter(i)).ToList();

        // Defaults, but room for every stalled connection and the handshakes beside them.
        var options = new ProviderNodeOptions
        {
            AllowedMeters = meters.Select(m => m.NodeId).ToHashSet(),
            MaxPendingConnections = stalledCount + (2 * Concurrency),

            // The meters all connect from 127.0.0.1 at once.
            MaxOpeningChannelsPerAddress = meterCount,
            MaxPendingConnectionsPerAddress = Math.Max(meterCount, new ProviderNodeOptions().MaxPendingConnectionsPerAddress),
        };
        await using var node = await ProviderNode.StartAsync(options, providerKey, store, PeerChannelSigners.FromNodeSeed(Hashes.Sha256("flood provider seed"u8)), chain);
        _ = Task.Run(async () =>
        {
            await foreach (var _ in node.Events.ReadAllAsync())
            {
            }
        });
        try
        {
            await Task.WhenAll(meters.Select(m => m.OpenAsync(node, chain)));
            await Task.WhenAll(meters.Select(m => m.PayAsync(20, latencies: null)));
            var before = Memory.Now();
            Console.WriteLine($"{meterCount} meters paying; node holds {node.ChannelCount} channels, {node.ConnectionCount} connections; {before}");

            // Idle: the meters alone, one transfer at a time each.
            var idle = await PayForAsync(meters, TimeSpan.FromSeconds(10), stop: null);
            Console.WriteLine($"idle: {idle.Count} round trips, p50 {Percentile(idle, 0.50):F2} ms, p99 {Percentile(idle, 0.99):F2} ms");

            // Flood: stalled connections from many addresses, then the handshakes, while the meters pay.
            using var flooding = new CancellationTokenSource();
            var clock = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var ecBefore = Secp256k1Statistics.Snapshot();
            int stalls = 0;
            var keepers = Enumerable.Range(0, stalledCount)
                .Select(i => KeepStalledAsync(node.LocalEndPoint, IPAddress.Parse($"127.0.1.{1 + (i % StalledAddresses)}"), () => Interlocked.Increment(ref stalls), flooding.Token))
                .ToList();
            while (node.PendingConnectionCount < stalledCount && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(10);
            }

            Console.WriteLine($"{stalledCount} stalled connections held after {clock.Elapsed.TotalSeconds:F1} s (each reopened when the node closes it); node: {node.PendingConnectionCount} pending, {node.RefusedConnectionCount} refused at accept");
            var paying = PayForAsync(meters, TimeSpan.MaxValue, flooding.Token);
            var sampler = SampleAsync(node, flooding.Token);
            clock.Restart();
            var (refused, failed) = await StrangersAsync(node, handshakes);
            var floodTime = clock.Elapsed;
            var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var ecAfter = Secp256k1Statistics.Snapshot();
            var during = Memory.Now();
            await flooding.CancelAsync();
            var underFlood = await paying;
            var peak = await sampler;
            Console.WriteLine($"flood: {handshakes} handshakes in {floodTime.TotalSeconds:F1} s = {handshakes / floodTime.TotalSeconds:F0} handshakes/s ({refused} refused with an error, {failed} failed or cut), CPU {cpuUsed.TotalSeconds / floodTime.TotalSeconds:F2} cores");
            Secp256k1Cost.Report(ecBefore, ecAfter, handshakes, cpuUsed, "handshake (with the meters' transfers meanwhile)");
            Console.WriteLine($"under flood: {underFlood.Count} round trips, p50 {Percentile(underFlood, 0.50):F2} ms, p99 {Percentile(underFlood, 0.99):F2} ms (idle p99 x {Percentile(underFlood, 0.99) / Percentile(idle, 0.99):F2})");
            Console.WriteLine($"node at its peak: {peak.Pending} pending connections, {peak.Connections} connections, {peak.Addresses} pending addresses; {stalls} stalled connections opened, {node.RefusedConnectionCount} refused at accept; {during}");

            // The handshake deadline closes what stalls; the node keeps only its meters.
            clock.Restart();
            await Task.WhenAll(keepers);

            while (node.PendingConnectionCount > 0)
            {
                await Task.Delay(10);
            }

            int records = 0;
            await foreach (var _ in store.LoadAllAsync())
            {
                records++;
            }

            Console.WriteLine($"after: stalled connections closed by the node within {clock.Elapsed.TotalSeconds:F1} s; {node.ChannelCount} channels, {node.ConnectionCount} connections, {records} stored records; {Memory.Now(collect: true)}");
        }
        finally
        {
            foreach (var meter in meters)
            {
                await meter.DisposeAsync();
            }
        }
    }

    /// <summary>Every meter pays one transfer at a time until <paramref name="length"/> passes or <paramref name="stop"/> fires; the round trips in ms.</summary>
    private static async Task<List<double>> PayForAsync(List<NodeLoad.LoadMeter> meters, TimeSpan length, CancellationToken? stop)
    {
        var clock = Stopwatch.StartNew();
        var all = await Task.WhenAll(meters.Select(async meter =>
        {
            var latencies = new List<double>();
            while (clock.Elapsed < length && stop?.IsCancellationRequested != true)
            {
                await meter.PayAsync(1, latencies);
            }

            return latencies;
        }));
        return [.. all.SelectMany(l => l).Order()];
    }

    /// <summary>Fresh identities, <see cref="Concurrency"/> at a time, from 127.0.2.x: handshake, init, open_channel.</summary>
    private static async Task<(int Refused, int Failed)> StrangersAsync(ProviderNode node, int handshakes)
    {
        int refused = 0, failed = 0;
        using var signer = new InMemoryChannelSigner(ChannelSecrets.FromSeed(Hashes.Sha256("flood stranger channel"u8)));
        using var readingKey = PrivateKey.FromBytes(Hashes.Sha256("flood stranger readings"u8));
        var open = (OpenChannel)ChannelStateMachine.Open(new ChannelId(Hashes.Sha256("flood"u8)), new Satoshis(500_000), MilliSatoshis.Zero, new FeeratePerKw(253), readingKey.PublicKey, signer, ChannelAcceptancePolicy.Default).Pending!;
        await Parallel.ForAsync(0, handshakes, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, _) =>
        {
            var from = TransportOptions.Default with { BindTo = new IPEndPoint(IPAddress.Parse($"127.0.2.{1 + (i % 200)}"), 0) };
            using var identity = PrivateKey.FromBytes(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            try
            {
                await using var connection = await NoisePeerConnection.ConnectAsync(node.LocalEndPoint, identity, node.NodeId, from);
                await connection.SendAsync(open, CancellationToken.None);
                if (await connection.ReceiveAsync(CancellationToken.None) is Error)
                {
                    Interlocked.Increment(ref refused);
                    return;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Closed at accept (a bound), cut by a deadline or refused in the handshake.
            }

            Interlocked.Increment(ref failed);
        });
        return (refused, failed);
    }

    /// <summary>One stalled connection at a time from <paramref name="from"/>: connect, say nothing, wait for the node to hang up; again until <paramref name="stop"/>.</summary>
    private static async Task KeepStalledAsync(IPEndPoint node, IPAddress from, Action opened, CancellationToken stop)
    {
        byte[] buffer = new byte[64];
        while (!stop.IsCancellationRequested)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(node);
                opened();
                while (await socket.ReceiveAsync(buffer, SocketFlags.None) > 0)
                {
                }
            }
            catch (SocketException)
            {
                // Refused or reset: the node closed it.
            }
        }
    }

    /// <summary>The node's connection counts at their highest while the flood runs.</summary>
    private static async Task<(int Pending, int Connections, int Addresses)> SampleAsync(ProviderNode node, CancellationToken stop)
    {
        var peak = (Pending: 0, Connections: 0, Addresses: 0);
        while (!stop.IsCancellationRequested)
        {
            peak = (Math.Max(peak.Pending, node.PendingConnectionCount), Math.Max(peak.Connections, node.ConnectionCount), Math.Max(peak.Addresses, node.PendingAddressCount));
            try
            {
                await Task.Delay(20, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return peak;
    }

    private static double Percentile(List<double> sorted, double p) => NodeLoad.Percentile(sorted, p);

    /// <summary>The process's resident set and managed heap.</summary>
    private readonly record struct Memory(long WorkingSet, long ManagedHeap)
    {
        public static Memory Now(bool collect = false)
        {
            long heap = GC.GetTotalMemory(collect);
            using var process = Process.GetCurrentProcess();
            return new Memory(process.WorkingSet64, heap);
        }

        public override string ToString() => $"RSS {WorkingSet / 1024 / 1024} MiB, managed heap {ManagedHeap / 1024 / 1024} MiB";
    }
}
