using System.Diagnostics;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Chain;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Store;
using Microchannels.Channels.Wire;

namespace Microchannels.Benchmarks;

/// <summary>
/// Load generator for one provider node (<c>dotnet run -c Release -- load-node [meters] [transfers per meter]</c>):
/// a <see cref="ProviderNode"/> with one durable SQLite store (WAL, synchronous=FULL) and
/// many meters over real loopback TCP (BOLT 8), each opening its channel over the wire.
/// Every meter pays one transfer at a time, each awaited until irrevocably committed on
/// both sides, all meters at once: the provider's store then shares fsyncs between
/// channels (group commit). Meters keep their state in memory (they are other machines).
/// </summary>
internal static class NodeLoad
{
    public static async Task RunAsync(int meterCount, int transfersPerMeter)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"microchannels-node-load-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            await RunInAsync(directory, meterCount, transfersPerMeter);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task RunInAsync(string directory, int meterCount, int transfersPerMeter)
    {
        using var providerKey = PrivateKey.FromBytes(Hashes.Sha256("load provider node"u8));
        await using var store = SqliteChannelStore.Open(new SqliteChannelStoreOptions(Path.Combine(directory, "provider.db")));
        var chain = new LoadChain();
        await using var node = await ProviderNode.StartAsync(new ProviderNodeOptions { OpenAdmission = true, MaxOpeningChannelsPerAddress = meterCount, MaxPendingConnectionsPerAddress = meterCount }, providerKey, store, PeerChannelSigners.FromNodeSeed(Hashes.Sha256("load provider seed"u8)), chain);
        var meters = Enumerable.Range(0, meterCount).Select(i => new LoadMeter(i)).ToList();

        // The node's event queue is bounded: a host that never reads it would stall its channels.
        _ = Task.Run(async () =>
        {
            await foreach (var _ in node.Events.ReadAllAsync())
            {
            }
        });
        try
        {
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(meters.Select(m => m.OpenAsync(node, chain)));
            Console.WriteLine($"opened {meterCount} channels over the wire in {clock.Elapsed.TotalSeconds:F2} s");

            // Warm up every channel (JIT, SQLite caches).
            await Task.WhenAll(meters.Select(m => m.PayAsync(20, latencies: null)));
            var before = store.Statistics;
            var ecBefore = Secp256k1Statistics.Snapshot();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var kernel = Process.GetCurrentProcess().PrivilegedProcessorTime;
            var latencies = meters.Select(_ => new List<double>(transfersPerMeter)).ToList();
            clock.Restart();
            await Task.WhenAll(meters.Select((m, i) => m.PayAsync(transfersPerMeter, latencies[i])));
            clock.Stop();
            var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var kernelUsed = Process.GetCurrentProcess().PrivilegedProcessorTime - kernel;
            var after = store.Statistics;
            var ecAfter = Secp256k1Statistics.Snapshot();

            int total = meterCount * transfersPerMeter;
            var all = latencies.SelectMany(l => l).Order().ToList();
            Console.WriteLine($"{meterCount} meters x {transfersPerMeter} sequential transfers = {total} in {clock.Elapsed.TotalSeconds:F2} s = {total / clock.Elapsed.TotalSeconds:F0} transfers/s");
            Console.WriteLine($"  commitment round trip latency ms: p50 {Percentile(all, 0.50):F2}, p90 {Percentile(all, 0.90):F2}, p99 {Percentile(all, 0.99):F2}, max {all[^1]:F2}");
            Console.WriteLine($"  CPU per transfer (provider and all meters, one process): {cpuUsed.TotalMicroseconds / total:F0} µs, of which kernel {kernelUsed.TotalMicroseconds / total:F0} µs");
            Secp256k1Cost.Report(ecBefore, ecAfter, total, cpuUsed);
            long records = after.RecordsWritten - before.RecordsWritten;
            long commits = after.TransactionsCommitted - before.TransactionsCommitted;
            Console.WriteLine($"  provider store: {records} records in {commits} commits ({(double)records / Math.Max(1, commits):F1} records per fsync)");
            Console.WriteLine($"  managed memory: {GC.GetTotalMemory(false) / 1024 / 1024} MiB, working set {Environment.WorkingSet / 1024 / 1024} MiB");
        }
        finally
        {
            foreach (var meter in meters)
            {
                await meter.DisposeAsync();
            }
        }
    }

    internal static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    /// <summary>One meter: its node key, signer, reading key and runner, state in memory.</summary>
    internal sealed class LoadMeter(int index) : IAsyncDisposable
    {
        private readonly PrivateKey _nodeKey = PrivateKey.FromBytes(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes($"load meter node {index}")));
        private readonly PrivateKey _readingKey = PrivateKey.FromBytes(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes($"load meter readings {index}")));
        private readonly InMemoryChannelSigner _signer = new(ChannelSecrets.FromSeed(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes($"load meter channel {index}"))));
        private readonly InMemoryChannelStore _store = new();
        private ChannelRunner? _runner;
        private TransferCompletions? _completions;
        private int _done;
        private ulong _wattHours;
        private ulong _transferId;
        private Point? _provider;
        private MeterReading? _last;

        public PublicKey NodeId => _nodeKey.PublicKey;

        public async Task OpenAsync(ProviderNode node, LoadChain chain)
        {
            _provider = new Point(node.NodeId.AsSpan());
            var temporaryId = new ChannelId(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes($"load temporary {index}")));
            var start = ChannelStateMachine.Open(temporaryId, new Satoshis(5_000_000), MilliSatoshis.Zero, new FeeratePerKw(253), _readingKey.PublicKey, _signer, ChannelAcceptancePolicy.Default);
            var wallet = new LoadWallet();
            _runner = new ChannelRunner(start, 0, _signer, _store, chain, fundingWallet: wallet);
            _completions = new TransferCompletions(_runner);
            await _runner.AttachAsync(await NoisePeerConnection.ConnectAsync(node.LocalEndPoint, _nodeKey, node.NodeId));
            while (wallet.Created is null)
            {
                await Task.Delay(1);
            }

            // The chain confirms the funding; both ends are told, as their watchers would.
            var confirmed = new ChannelInput.FundingConfirmed(wallet.Created, ChannelAcceptancePolicy.Default.MinimumDepth);
            while (node.GetState(_nodeKey.PublicKey) is not ChannelState.Opening { IsDurable: true } || _runner.State is not ChannelState.Opening { IsDurable: true })
            {
                await Task.Delay(1);
            }

            await _runner.PostAsync(confirmed);
            await node.PostAsync(_nodeKey.PublicKey, confirmed);
            while (_runner.State is not ChannelState.Normal { Connection: ConnectionPhase.Connected } || node.GetState(_nodeKey.PublicKey) is not ChannelState.Normal)
            {
                await Task.Delay(1);
            }
        }

        public async Task PayAsync(int count, List<double>? latencies)
        {
            for (int i = 0; i < count; i++)
            {
                _wattHours++;
                // Version 2, as the node requires (docs/PROTOCOL.md): bound to this transfer, chained to the last reading.
                var binding = new ReadingBinding(ChainHash.Regtest, _runner!.State.ChannelId, _provider!, _transferId++, new MilliSatoshis(1_000), 0, _last?.SigningHash() ?? ReadingBinding.Genesis);
                var reading = MeterReading.V2(_wattHours, _wattHours * 10, 1_700_000_000 + _wattHours, binding);
                _last = reading;
                var signed = new SignedMeterReading(reading, new CompactSignature(_readingKey.Sign(reading.SigningHash().AsSpan()).ToCompact()));
                var started = Stopwatch.GetTimestamp();
                await _runner!.PostAsync(new ChannelInput.SendTransfer(new MilliSatoshis(1_000), signed));
                await _completions!.WaitForAsync(++_done);
                latencies?.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_runner is not null)
            {
                await _runner.DisposeAsync();
            }

            _signer.Dispose();
            _nodeKey.Dispose();
            _readingKey.Dispose();
            await _store.DisposeAsync();
        }
    }

    /// <summary>Funds each channel from one made-up segwit coin; the load run never touches a real chain.</summary>
    private sealed class LoadWallet : IFundingWallet
    {
        public Transaction? Created { get; private set; }

        public void ReleaseFundingTransaction(Transaction fundingTransaction) => Created = null;

        public Task<Transaction> CreateFundingTransactionAsync(Script fundingScriptPubKey, Satoshis amount, FeeratePerKw feerate, CancellationToken cancellationToken)
        {
            var coin = new OutPoint(new TxId(Hashes.Sha256(fundingScriptPubKey.AsSpan())), 0);
            Created = new Transaction(2, [new TxIn(coin, Script.Empty, 0xFFFFFFFD, new Witness(new byte[72], new byte[33]))], [new TxOut(amount, fundingScriptPubKey)], 0);
            return Task.FromResult(Created);
        }
    }

    /// <summary>Accepts the funding broadcasts; anything else would mean a channel closed during the run.</summary>
    internal sealed class LoadChain : ITransactionBroadcaster
    {
        public Task BroadcastAsync(Transaction transaction, CancellationToken cancellationToken) =>
            transaction.Inputs[0].Witness.Count == 2
                ? Task.CompletedTask
                : throw new InvalidOperationException("The load run never closes a channel.");
    }
}
