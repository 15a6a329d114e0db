using System.Collections.Concurrent;
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

namespace Microchannels.Provider.Tests.Support;

/// <summary>
/// A meter for the daemon tests, in this process: the engine's own meter side (a
/// <see cref="ChannelRunner"/> opening the channel and paying) over BOLT 8 to the daemon, as
/// the load generator's meters do. Its funding is a made-up transaction the scripted chain
/// mines; it keeps its state in memory (it is another machine) and counts its transfers that
/// completed on both sides.
/// </summary>
internal sealed class TestMeter : IAsyncDisposable, ITransactionBroadcaster, IFundingWallet
{
    private readonly InMemoryChannelSigner _signer;
    private readonly InMemoryChannelStore _store = new();
    private readonly ScriptedBitcoind _chain;
    private readonly ConcurrentDictionary<ulong, ulong> _completed = new();
    private ChannelRunner? _runner;
    private Task _reader = Task.CompletedTask;
    private ulong _wattHours;
    private ulong _nextTransferId;
    private MeterReading? _lastSigned;
    private Point? _provider;

    public TestMeter(string name, ScriptedBitcoind chain)
    {
        _chain = chain;
        NodeKey = PrivateKey.FromBytes(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes($"test meter node {name}")));
        ReadingKey = PrivateKey.FromBytes(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes($"test meter readings {name}")));
        _signer = new InMemoryChannelSigner(ChannelSecrets.FromSeed(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes($"test meter channel {name}"))));
        Name = name;
    }

    public string Name { get; }

    public PrivateKey NodeKey { get; }

    public PrivateKey ReadingKey { get; }

    public ChannelState State => _runner!.State;

    public Transaction? Funding { get; private set; }

    /// <summary>Transfers the meter saw committed on both sides: transfer id to amount.</summary>
    public IReadOnlyDictionary<ulong, ulong> Completed => _completed;

    public ulong PaidWattHours => _wattHours;

    /// <summary>Opens a channel of <paramref name="funding"/> and waits until the funding transaction is broadcast.</summary>
    public async Task OpenAsync(DaemonProcess daemon, Satoshis funding)
    {
        var temporaryId = new ChannelId(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes($"test temporary {Name}")));
        var start = ChannelStateMachine.Open(temporaryId, funding, MilliSatoshis.Zero, new FeeratePerKw(253), ReadingKey.PublicKey, _signer, ChannelAcceptancePolicy.Default);
        _provider = new Point(daemon.NodeId.AsSpan());
        _runner = new ChannelRunner(start, 0, _signer, _store, this, fundingWallet: this);
        _reader = Task.Run(ReadEventsAsync);
        await ConnectAsync(daemon);
        await Eventually.TrueAsync(() => _chain.Sent.Any(t => t.GetTxId() == Funding?.GetTxId()), $"meter {Name}'s funding broadcast");
    }

    /// <summary>After the chain buried the funding: tell the meter (its own watcher would) and wait for the channel to open on both sides.</summary>
    public async Task ConfirmAsync(DaemonProcess daemon)
    {
        await _runner!.PostAsync(new ChannelInput.FundingConfirmed(Funding!, ChannelAcceptancePolicy.Default.MinimumDepth));
        await Eventually.TrueAsync(() => State is ChannelState.Normal { Connection: ConnectionPhase.Connected }, $"meter {Name}'s channel open");
        var client = daemon.Client(daemon.ReadOnlyToken);
        await Eventually.TrueAsync(async () => (await client.GetChannelAsync(new Api.V1.GetChannelRequest { MeterNodeId = NodeKey.PublicKey.ToString() })).State == Api.V1.ChannelState.Normal, $"the daemon's channel with {Name} open");
    }

    public async Task ConnectAsync(DaemonProcess daemon) =>
        await _runner!.AttachAsync(await NoisePeerConnection.ConnectAsync(daemon.PeerEndPoint, NodeKey, daemon.NodeId));

    /// <summary>Queues <paramref name="count"/> payments of <paramref name="amountMsat"/>, each for one more watt-hour.</summary>
    public async Task PayAsync(int count, ulong amountMsat)
    {
        for (int i = 0; i < count; i++)
        {
            _wattHours++;
            await _runner!.PostAsync(new ChannelInput.SendTransfer(new MilliSatoshis(amountMsat), SignReading(_wattHours, amountMsat)));
        }
    }

    /// <summary>
    /// A version-2 reading paying <paramref name="amountMsat"/> as the meter's next transfer
    /// (docs/PROTOCOL.md "The signed reading, version 2"), chained to the reading signed before it.
    /// </summary>
    public SignedMeterReading SignReading(ulong wattHours, ulong amountMsat)
    {
        var binding = new ReadingBinding(ChainHash.Regtest, State.ChannelId, _provider!, _nextTransferId++, new MilliSatoshis(amountMsat), 0, _lastSigned?.SigningHash() ?? ReadingBinding.Genesis);
        var reading = MeterReading.V2(wattHours, wattHours * 10, 1_700_000_000 + wattHours, binding);
        _lastSigned = reading;
        return new SignedMeterReading(reading, new CompactSignature(ReadingKey.Sign(reading.SigningHash().AsSpan()).ToCompact()));
    }

    public Task WaitCompletedAsync(int count) => Eventually.TrueAsync(() => _completed.Count >= count, $"{count} transfers of meter {Name} completed", 120);

    public Task BroadcastAsync(Transaction transaction, CancellationToken cancellationToken)
    {
        _chain.Broadcast(transaction);
        return Task.CompletedTask;
    }

    public Task<Transaction> CreateFundingTransactionAsync(Script fundingScriptPubKey, Satoshis amount, FeeratePerKw feerate, CancellationToken cancellationToken)
    {
        var coin = new OutPoint(new TxId(Hashes.Sha256(fundingScriptPubKey.AsSpan())), 0);
        Funding = new Transaction(2, [new TxIn(coin, Script.Empty, 0xFFFFFFFD, new Witness(new byte[72], new byte[33]))], [new TxOut(amount, fundingScriptPubKey)], 0);
        return Task.FromResult(Funding);
    }

    public void ReleaseFundingTransaction(Transaction fundingTransaction) => Funding = null;

    public async ValueTask DisposeAsync()
    {
        if (_runner is not null)
        {
            await _runner.DisposeAsync();
        }

        await _reader;
        _signer.Dispose();
        NodeKey.Dispose();
        ReadingKey.Dispose();
        await _store.DisposeAsync();
    }

    private async Task ReadEventsAsync()
    {
        try
        {
            await foreach (var action in _runner!.Events.ReadAllAsync())
            {
                if (action is ChannelAction.TransfersCompleted done)
                {
                    foreach (var sent in done.Sent)
                    {
                        Assert.True(_completed.TryAdd(sent.Id, sent.Amount.Value), $"meter {Name}: transfer {sent.Id} completed twice");
                    }
                }
            }
        }
        catch (ChannelRunnerStoppedException)
        {
            // Disposed.
        }
    }
}
