using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Chain;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Store;
using Microchannels.Channels.Transport;
using Microchannels.Channels.Wire;

namespace Microchannels.Benchmarks;

/// <summary>
/// Load generator (<c>dotnet run -c Release -- load [transfers]</c>): one meter and one
/// provider channel over real loopback TCP (BOLT 8), each side with a durable SQLite store
/// (WAL, synchronous=FULL). It measures (1) one transfer at a time, awaited until
/// irrevocably committed on both sides: the latency of a full commitment round trip
/// (update_transfer, commitment_signed, revoke_and_ack both ways, four fsyncs), with
/// percentiles; (2) a stream of transfers: throughput when transfers share commitments.
/// CPU per transfer is the process's CPU time divided by transfers, both sides included.
/// </summary>
internal static class LoopbackLoad
{
    public static async Task RunAsync(int transfers)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"microchannels-load-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            await RunInAsync(directory, transfers);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task RunInAsync(string directory, int transfers)
    {
        using var meterSigner = new InMemoryChannelSigner(ChannelSecrets.FromSeed(Hashes.Sha256("load meter"u8)));
        using var providerSigner = new InMemoryChannelSigner(ChannelSecrets.FromSeed(Hashes.Sha256("load provider"u8)));
        using var readingKey = PrivateKey.FromBytes(Hashes.Sha256("load meter readings"u8));
        using var meterNode = PrivateKey.FromBytes(Hashes.Sha256("load meter node"u8));
        using var providerNode = PrivateKey.FromBytes(Hashes.Sha256("load provider node"u8));
        var (meter, provider) = OpenedChannel.Open(meterSigner, providerSigner, readingKey.PublicKey, new Satoshis(10_000_000));

        await using var meterStore = SqliteChannelStore.Open(new SqliteChannelStoreOptions(Path.Combine(directory, "meter.db")));
        await using var providerStore = SqliteChannelStore.Open(new SqliteChannelStoreOptions(Path.Combine(directory, "provider.db")));
        var broadcaster = new NoBroadcast();
        await using var meterRunner = new ChannelRunner(new ChannelState.Normal(meter, ConnectionPhase.Disconnected, []), 0, meterSigner, meterStore, broadcaster);
        await using var providerRunner = new ChannelRunner(new ChannelState.Normal(provider, ConnectionPhase.Disconnected, []), 0, providerSigner, providerStore, broadcaster);
        await ConnectAsync(meterRunner, meterNode, providerRunner, providerNode);
        var completions = new TransferCompletions(meterRunner);
        ulong wattHours = 0;
        SignedMeterReading NextReading()
        {
            wattHours++;
            var reading = new MeterReading(wattHours, wattHours * 10, 1_700_000_000 + wattHours);
            return new SignedMeterReading(reading, new CompactSignature(readingKey.Sign(reading.SigningHash().AsSpan()).ToCompact()));
        }

        // Warm up (JIT, SQLite caches).
        for (int i = 0; i < 50; i++)
        {
            await meterRunner.PostAsync(new ChannelInput.SendTransfer(new MilliSatoshis(1_000), NextReading()));
            await completions.WaitForAsync(i + 1);
        }

        // (1) One at a time: latency per commitment round trip.
        int done = 50;
        var latencies = new List<double>(transfers);
        var ecBefore = Secp256k1Statistics.Snapshot();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var kernel = Process.GetCurrentProcess().PrivilegedProcessorTime;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < transfers; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await meterRunner.PostAsync(new ChannelInput.SendTransfer(new MilliSatoshis(1_000), NextReading()));
            await completions.WaitForAsync(++done);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        clock.Stop();
        var cpuSequential = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var kernelSequential = Process.GetCurrentProcess().PrivilegedProcessorTime - kernel;
        var ecSequential = Secp256k1Statistics.Snapshot();
        latencies.Sort();
        Console.WriteLine($"sequential: {transfers} transfers in {clock.Elapsed.TotalSeconds:F2} s = {transfers / clock.Elapsed.TotalSeconds:F0} transfers/s");
        Console.WriteLine($"  commitment round trip latency ms: p50 {Percentile(latencies, 0.50):F2}, p90 {Percentile(latencies, 0.90):F2}, p99 {Percentile(latencies, 0.99):F2}, max {latencies[^1]:F2}");
        Console.WriteLine($"  CPU per transfer (both nodes, one process): {cpuSequential.TotalMicroseconds / transfers:F0} µs, of which kernel {kernelSequential.TotalMicroseconds / transfers:F0} µs");
        Secp256k1Cost.Report(ecBefore, ecSequential, transfers, cpuSequential);

        // (2) Streamed: posted as fast as the meter reads, sharing commitments.
        ecBefore = Secp256k1Statistics.Snapshot();
        cpu = Process.GetCurrentProcess().TotalProcessorTime;
        clock.Restart();
        for (int i = 0; i < transfers; i++)
        {
            await meterRunner.PostAsync(new ChannelInput.SendTransfer(new MilliSatoshis(1_000), NextReading()));
        }

        await completions.WaitForAsync(done + transfers);
        clock.Stop();
        var cpuStreamed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine($"streamed: {transfers} transfers in {clock.Elapsed.TotalSeconds:F2} s = {transfers / clock.Elapsed.TotalSeconds:F0} transfers/s");
        Console.WriteLine($"  CPU per transfer (both nodes, one process): {cpuStreamed.TotalMicroseconds / transfers:F0} µs");
        Secp256k1Cost.Report(ecBefore, Secp256k1Statistics.Snapshot(), transfers, cpuStreamed);
        Console.WriteLine($"  meter commitments signed in total: {((ChannelState.Normal)meterRunner.State).Commitments.RemoteCommit.Index}");
        Console.WriteLine($"  store: meter {meterStore.Statistics.TransactionsCommitted} commits for {meterStore.Statistics.RecordsWritten} records; provider {providerStore.Statistics.TransactionsCommitted} for {providerStore.Statistics.RecordsWritten}");
        // Idle: nothing to do. Right after the load the runtime still recompiles hot methods
        // (tiered JIT) and collects; after that settles, CPU spent is pure overhead.
        for (int second = 1; second <= 6; second++)
        {
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            await Task.Delay(TimeSpan.FromSeconds(1));
            Console.WriteLine($"idle second {second}: {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:F0} ms of CPU (both nodes connected, nothing to do)");
        }
        Console.WriteLine($"  managed memory: {GC.GetTotalMemory(false) / 1024 / 1024} MiB, working set {Environment.WorkingSet / 1024 / 1024} MiB");
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static async Task ConnectAsync(ChannelRunner meter, PrivateKey meterNode, ChannelRunner provider, PrivateKey providerNode)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accept = Task.Run(async () =>
        {
            var socket = await listener.AcceptSocketAsync();
            var transport = await NoiseTransport.AcceptAsync(socket, providerNode);
            return await NoisePeerConnection.EstablishAsync(transport, Features.LocalDefault, CancellationToken.None);
        });
        await meter.AttachAsync(await NoisePeerConnection.ConnectAsync((IPEndPoint)listener.LocalEndpoint, meterNode, providerNode.PublicKey));
        await provider.AttachAsync(await accept);
    }

    private sealed class NoBroadcast : ITransactionBroadcaster
    {
        public Task BroadcastAsync(Transaction transaction, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The load run never closes a channel.");
    }
}
