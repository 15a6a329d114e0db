using System.Collections.Concurrent;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Chain;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.OnChain;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Node;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Store;
using Microchannels.Hosting.Chain;
using Microchannels.Provider.Configuration;
using Microchannels.Provider.Data;
using Microchannels.Provider.DataDirectory;
using Microchannels.Provider.Journal;
using Microchannels.Provider.Telemetry;
using Microchannels.Settlement.Fees;
using Microchannels.Settlement.Rpc;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using EngineState = Microchannels.Channels.Engine.StateMachine.ChannelState;

namespace Microchannels.Provider.Node;

/// <summary>
/// Runs the provider node inside the daemon: reconciles the transfer journal, starts
/// <see cref="ProviderNode"/> (the BOLT 8 listener and every stored channel), turns its
/// events into log lines, metrics and API events, and follows the chain for it
/// (<see cref="ChainFollower"/>). Stopping closes the listener and the peers after the
/// channels' in-flight saves finish.
/// </summary>
public sealed partial class ProviderNodeHost : IHostedService, IChainEventSink, IAsyncDisposable
{
    /// <summary>Blocks re-examined below the stored cursor at start, in case a reorganisation happened while the daemon was down.</summary>
    public const int ReorgMargin = 6;

    private readonly ProviderSettings _settings;
    private readonly ProviderDataDirectory _data;
    private readonly ProviderDatabase _database;
    private readonly TransferJournal _journal;
    private readonly JournalingChannelStore _store;
    private readonly SqliteChannelStore _channelStore;
    private readonly ChannelEventHub _hub;
    private readonly ProviderMetrics _metrics;
    private readonly ITransactionBroadcaster _broadcaster;
    private readonly BitcoindRpcClient _rpc;
    private readonly ILogger<ProviderNodeHost> _logger;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<OutPoint, PublicKey> _fundings = new();
    private ProviderNode? _node;
    private PrivateKey? _nodeKey;
    private ChainFollower? _chain;
    private Task _pump = Task.CompletedTask;
    private int _disposed;

    public ProviderNodeHost(
        ProviderSettings settings,
        ProviderDataDirectory data,
        ProviderDatabase database,
        TransferJournal journal,
        JournalingChannelStore store,
        SqliteChannelStore channelStore,
        ChannelEventHub hub,
        ProviderMetrics metrics,
        ITransactionBroadcaster broadcaster,
        BitcoindRpcClient rpc,
        ILoggerFactory loggers,
        TimeProvider time)
    {
        _settings = settings;
        _data = data;
        _database = database;
        _journal = journal;
        _store = store;
        _channelStore = channelStore;
        _hub = hub;
        _metrics = metrics;
        _broadcaster = broadcaster;
        _rpc = rpc;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ProviderNodeHost>();
        _time = time;
    }

    /// <summary>The running node; only after start.</summary>
    public ProviderNode Node => _node ?? throw new InvalidOperationException("The provider node is not started.");

    public ChainStatus Chain => _chain?.Status ?? ChainStatus.Starting;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        int reconciled = await _journal.ReconcileAsync(_store.ReachedAsync, cancellationToken).ConfigureAwait(false);
        if (reconciled > 0)
        {
            LogReconciled(reconciled);
        }

        _journal.Committed += OnCommitted;
        _store.Saved += OnSaved;
        _nodeKey = _data.NodeKey();
        var options = new ProviderNodeOptions
        {
            ListenOn = _settings.PeerListen,
            Policy = ChannelAcceptancePolicy.Default with { ChainHash = _settings.ChainHash },
            AllowedMeters = new AllowedMeterSet(_database),
            OpenAdmission = _settings.OpenToAllMeters,
            MaxOpeningChannels = _settings.MaxOpeningChannels,
            MaxOpeningChannelsPerAddress = _settings.MaxOpeningChannelsPerAddress,
            MaxConnections = _settings.MaxPeerConnections,
            MaxPendingConnections = _settings.MaxPendingPeerConnections,
            MaxPendingConnectionsPerAddress = _settings.MaxPendingPeerConnectionsPerAddress,
        };
        _node = await ProviderNode.StartAsync(options, _nodeKey, _store, PeerChannelSigners.FromNodeSeed(_data.ChannelSeed()), _broadcaster, cancellationToken).ConfigureAwait(false);
        LogListening(_node.NodeId.ToString(), _node.LocalEndPoint.ToString(), _store.Channels.Count);
        _metrics.Observe(ChannelsByState, RecordsPerFsync, () => _journal.Statistics.Commits);

        _chain = new ChainFollower(_rpc, this, new ChainFollowerOptions { PollInterval = _settings.ChainPollInterval, StartHeight = StartHeight }, _loggers.CreateLogger<ChainFollower>());
        foreach (var stored in _store.Channels)
        {
            Watch(stored.Meter, stored.State);
        }

        _pump = Task.Run(PumpAsync, CancellationToken.None);
        await _chain.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_chain is not null)
        {
            await _chain.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_node is not null)
        {
            // Stops the listener, then each channel after its in-flight save, then closes its peer.
            await _node.DisposeAsync().ConfigureAwait(false);
            LogStopped();
        }

        await _pump.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (_node is not null)
        {
            await _node.DisposeAsync().ConfigureAwait(false);
        }

        _chain?.Dispose();
        _nodeKey?.Dispose();
    }

    /// <summary>The channel of <paramref name="meter"/> as it runs now, or as last stored when it does not run.</summary>
    public StoredChannel? ChannelOf(PublicKey meter)
    {
        if (_node?.GetState(meter) is { } live)
        {
            return new StoredChannel(default, meter, live);
        }

        return _store.ChannelsOf(meter).OrderBy(c => c.State is EngineState.Closed ? 1 : 0).FirstOrDefault();
    }

    /// <summary>The channel with id <paramref name="channelId"/>: live state where it runs, else as last stored. Index lookups, no scan.</summary>
    public StoredChannel? ChannelById(Channels.Wire.ChannelId channelId)
    {
        if (_store.Find(channelId) is not { } stored)
        {
            return null;
        }

        var live = _node?.GetState(stored.Meter);
        return live is not null && live.ChannelId == channelId ? stored with { State = live } : stored;
    }

    /// <summary>Every channel, live state where it runs, stored state for archived ones; ordered by channel id.</summary>
    public IReadOnlyList<StoredChannel> AllChannels()
    {
        var channels = new List<StoredChannel>();
        foreach (var stored in _store.Channels)
        {
            var live = _node?.GetState(stored.Meter);
            channels.Add(live is not null && live.ChannelId == stored.State.ChannelId ? stored with { State = live } : stored);
        }

        return [.. channels.OrderBy(c => c.State.ChannelId.ToHex(), StringComparer.Ordinal)];
    }

    public async Task DeliverAsync(OutPoint fundingOutPoint, Channels.Engine.StateMachine.ChannelInput input, CancellationToken cancellationToken)
    {
        if (!_fundings.TryGetValue(fundingOutPoint, out var meter) || _node?.GetState(meter) is not { } state || ChannelFacts.FundingOutPoint(state) != fundingOutPoint)
        {
            // An archived channel (its meter opened a newer one): it is closed and resolved.
            return;
        }

        if (input is Channels.Engine.StateMachine.ChannelInput.FundingSpent spent)
        {
            LogFundingSpent(state.ChannelId.ToHex(), meter.ToString(), spent.Transaction.GetTxId().ToString());
        }

        try
        {
            await _node.PostAsync(meter, input, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // The channel stopped (its event said why); it resumes from the store at the next start.
        }
    }

    public async Task BlockConnectedAsync(uint height, CancellationToken cancellationToken)
    {
        if (_node is not null)
        {
            // Claims still unconfirmed are re-signed at the estimator's rate or the stored schedule's (issue 14).
            var pricing = AllChannels().Any(c => c.State is EngineState.ClosingOnChain)
                ? await new ClaimPricer(new FeeEstimator(_rpc, FeeratePerKw.MinimumRelay)).PriceAsync(cancellationToken).ConfigureAwait(false)
                : null;
            await _node.BlockConnectedAsync(height, pricing, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task SaveCursorAsync(ChainCursor cursor, CancellationToken cancellationToken)
    {
        _database.SaveCursor(cursor);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Where the chain must be read from at start: the block after the stored cursor (less a
    /// reorganisation margin), lowered for channels that still need the chain's past: an
    /// opening waiting for its funding's depth (since it started waiting), a close being
    /// resolved (since its spend confirmed).
    /// </summary>
    private int StartHeight(int tip)
    {
        var cursor = _database.GetCursor();
        int start = cursor is null ? tip : cursor.Height + 1 - ReorgMargin;
        int known = cursor?.Height ?? tip;
        foreach (var stored in _store.Channels)
        {
            switch (stored.State)
            {
                case EngineState.Opening { WaitingSinceHeight: { } since }:
                    start = Math.Min(start, (int)since);
                    break;
                case EngineState.Opening { IsDurable: true }:
                    start = Math.Min(start, known - (int)ChannelAcceptancePolicy.Default.MinimumDepth - ReorgMargin);
                    break;
                case EngineState.ClosingOnChain closing:
                    start = Math.Min(start, known - (int)Math.Max(closing.Close.SpendingDepth, closing.Close.ClaimDepth) - ReorgMargin);
                    break;
            }
        }

        return Math.Max(0, start);
    }

    /// <summary>Follows the chain for <paramref name="state"/>: its funding, and the transactions of its close.</summary>
    private void Watch(PublicKey meter, EngineState state)
    {
        if (_chain is null || state is EngineState.Closed || ChannelFacts.FundingOutPoint(state) is not { } funding)
        {
            return;
        }

        if (_fundings.TryAdd(funding, meter))
        {
            _chain.WatchChannel(funding);
        }

        if (state is EngineState.ClosingOnChain closing)
        {
            foreach (var txId in closing.Close.TxIds)
            {
                _chain.WatchTransaction(funding, txId);
            }
        }
    }

    private IEnumerable<(string State, int Count)> ChannelsByState() =>
        AllChannels().GroupBy(c => ChannelFacts.StateOf(c.State)).Select(g => (g.Key.ToString(), g.Count()));

    private double RecordsPerFsync()
    {
        var statistics = _channelStore.Statistics;
        return statistics.TransactionsCommitted == 0 ? 0 : (double)statistics.RecordsWritten / statistics.TransactionsCommitted;
    }

    private void OnCommitted(IReadOnlyList<JournaledTransfer> committed)
    {
        foreach (var entry in committed)
        {
            _metrics.Transfer(entry.Direction == JournalDirection.Received, entry.AmountMsat);
        }
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
