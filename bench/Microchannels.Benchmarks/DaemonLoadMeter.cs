using System.Net;
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
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Wallet;

namespace Microchannels.Benchmarks;

/// <summary>
/// One simulated meter of <see cref="DaemonLoad"/>: the engine's meter side over BOLT 8 to the
/// daemon, state in memory (it stands for another machine), funded from a real coin of the
/// shared wallet and broadcast to the chain.
/// </summary>
internal sealed class DaemonLoadMeter(int index, SharedFundingWallet wallet) : IAsyncDisposable
{
    private readonly PrivateKey _nodeKey = PrivateKey.FromBytes(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes($"daemon load meter node {index}")));
    private readonly PrivateKey _readingKey = PrivateKey.FromBytes(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes($"daemon load meter readings {index}")));
    private readonly InMemoryChannelSigner _signer = new(ChannelSecrets.FromSeed(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes($"daemon load meter channel {index}"))));
    private readonly InMemoryChannelStore _store = new();
    private readonly TaskCompletionSource<Transaction> _funding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ChannelRunner? _runner;
    private TransferCompletions? _completions;
    private long _posted;
    private ulong _wattHours;
    private ulong _nextTransferId;
    private MeterReading? _lastSigned;
    private Point? _provider;

    public long Posted => Interlocked.Read(ref _posted);

    public async Task OpenAsync(IPEndPoint daemon, Bitcoin.Crypto.PublicKey daemonId)
    {
        var temporaryId = new ChannelId(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes($"daemon load temporary {index}")));
        _provider = new Point(daemonId.AsSpan());
        var start = ChannelStateMachine.Open(temporaryId, new Satoshis(1_000_000), MilliSatoshis.Zero, new FeeratePerKw(253), _readingKey.PublicKey, _signer, ChannelAcceptancePolicy.Default);
        _runner = new ChannelRunner(start, 0, _signer, _store, wallet.BroadcasterFor(_funding), fundingWallet: wallet);
        _completions = new TransferCompletions(_runner);
        await _runner.AttachAsync(await NoisePeerConnection.ConnectAsync(daemon, _nodeKey, daemonId));

        // Open once the funding is broadcast (after funding_signed); the chain then confirms it.
        await _funding.Task.WaitAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>After the chain buried the funding: tell the meter, as its own watcher would, and wait until the channel is open.</summary>
    public async Task ConfirmAsync()
    {
        await _runner!.PostAsync(new ChannelInput.FundingConfirmed(await _funding.Task, ChannelAcceptancePolicy.Default.MinimumDepth));
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (_runner.State is not ChannelState.Normal { Connection: ConnectionPhase.Connected })
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"meter {index} did not reach NORMAL: {_runner.State.GetType().Name}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Pays 1 sat for each new watt-hour every <paramref name="interval"/> (random phase); a
    /// payment still uncommitted at the next tick delays the next one (a real meter pays for
    /// the energy since its last acknowledged payment), so an overloaded run slows down instead
    /// of queueing without bound.
    /// </summary>
    public async Task PayEveryAsync(TimeSpan interval, CancellationToken stop)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * interval.TotalMilliseconds), stop);
            using var timer = new PeriodicTimer(interval);
            do
            {
                _wattHours++;
                // Version 2 (docs/PROTOCOL.md): bound to this channel, the daemon and the transfer, chained to the last reading.
                var binding = new ReadingBinding(ChainHash.Regtest, _runner!.State.ChannelId, _provider!, _nextTransferId++, new MilliSatoshis(1_000), 0, _lastSigned?.SigningHash() ?? ReadingBinding.Genesis);
                var reading = MeterReading.V2(_wattHours, _wattHours * 10, 1_700_000_000 + _wattHours, binding);
                _lastSigned = reading;
                var signed = new SignedMeterReading(reading, new CompactSignature(_readingKey.Sign(reading.SigningHash().AsSpan()).ToCompact()));
                await _runner!.PostAsync(new ChannelInput.SendTransfer(new MilliSatoshis(1_000), signed), stop);
                await _completions!.WaitForAsync((int)Interlocked.Increment(ref _posted)).WaitAsync(stop);
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException)
        {
            // The run is over.
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

/// <summary>
/// The meters' funding, from one wallet of real coins (<see cref="MeterFundingWallet"/>: each
/// funding reserves its coin; not thread-safe, so one request at a time), broadcast through
/// the chain's RPC.
/// </summary>
internal sealed class SharedFundingWallet(MeterFundingWallet wallet, BitcoindRpcClient rpc) : IFundingWallet
{
    private readonly Lock _gate = new();

    public Task<Transaction> CreateFundingTransactionAsync(Script fundingScriptPubKey, Satoshis amount, FeeratePerKw feerate, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return wallet.CreateFundingTransactionAsync(fundingScriptPubKey, amount, feerate, cancellationToken);
        }
    }

    public void ReleaseFundingTransaction(Transaction fundingTransaction)
    {
        lock (_gate)
        {
            ((IFundingWallet)wallet).ReleaseFundingTransaction(fundingTransaction);
        }
    }

    /// <summary>A meter's broadcaster: sends to the chain and reports its funding's broadcast; the run closes no channel.</summary>
    public ITransactionBroadcaster BroadcasterFor(TaskCompletionSource<Transaction> funding) => new Broadcaster(rpc, funding);

    private sealed class Broadcaster(BitcoindRpcClient rpc, TaskCompletionSource<Transaction> funding) : ITransactionBroadcaster
    {
        public async Task BroadcastAsync(Transaction transaction, CancellationToken cancellationToken)
        {
            if (funding.Task.IsCompleted)
            {
                // A retransmission of the funding (BOLT 2): already sent.
                return;
            }

            await rpc.SendRawTransactionAsync(transaction, cancellationToken: cancellationToken);
            funding.TrySetResult(transaction);
        }
    }
}
