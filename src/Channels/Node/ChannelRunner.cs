using System.Threading.Channels;
using Microchannels.Bitcoin.Chain;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Store;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Node;

/// <summary>
/// The shell around one channel's pure state machine (DESIGN.md decision 3): it feeds
/// inputs one at a time and performs each step's actions strictly in order, awaiting
/// each, so a message is only sent once the state it depends on is durable (decision 4).
/// Whatever the engine throws is a reported step (<see cref="EngineFaults"/>), never a stop:
/// a channel must go on watching the chain to punish a revoked commitment (BOLT 5).
/// A failed action (a store error, a crash injected by a test) stops the runner:
/// nothing after it happens, and a new runner resumes from the store.
/// </summary>
public sealed partial class ChannelRunner : IAsyncDisposable
{
    private readonly Channel<ChannelInput> _inputs = Channel.CreateBounded<ChannelInput>(new BoundedChannelOptions(4096) { SingleReader = true });
    private readonly System.Collections.Concurrent.ConcurrentQueue<ChannelInput> _priority = new();
    private readonly SemaphoreSlim _attaching = new(1, 1);
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposing;
    private Channel<ChannelAction>? _eventChannel;
    private readonly SemaphoreSlim _peerBudget = new(PeerInboundCapacity, PeerInboundCapacity);
    private readonly IChannelSigner _signer;
    private readonly IChannelStore _store;
    private readonly ITransactionBroadcaster _broadcaster;
    private readonly ActionHook? _hook;
    private readonly IFundingWallet? _fundingWallet;
    private readonly Func<ChannelState, byte[]> _encode;
    private readonly ChannelKey? _storeKey;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private ChannelState _state;
    private ulong _version;
    private Attached? _peer;
    private long _generations;
    private Task _receiveLoop = Task.CompletedTask;
    private readonly TimeProvider _time;
    private readonly TimeSpan _reestablishTimeout;
    private ITimer? _reestablishClock;
    private bool _closeStatementDone;

    // Read and written by the loop only: the connection the machine was told about, and
    // connections that died before the machine heard they were up.
    private long _connectedGeneration;
    private readonly HashSet<long> _diedUnseen = [];

    /// <param name="state">The channel as last stored (or new).</param>
    /// <param name="storedVersion">The version of <paramref name="state"/> in the store; each save increments it.</param>
    /// <param name="fundingWallet">Builds the funding transaction when this node opens the channel; not needed otherwise.</param>
    /// <param name="encodeState">The stored form of a state; <see cref="ChannelStateCodec.Encode"/> unless a node wraps it (<see cref="PeerChannelRecord"/>).</param>
    /// <param name="storeKey">The channel's key in the store; its channel_id unless a node chooses one (a peer cannot pick it).</param>
    /// <param name="timeProvider">The clock for <paramref name="reestablishTimeout"/>; the system clock unless a test drives it.</param>
    /// <param name="reestablishTimeout">How long a connected channel may wait for the peer's <c>channel_reestablish</c> before <see cref="ChannelAction.ReestablishOverdue"/> is raised (default one minute).</param>
    public ChannelRunner(
        ChannelState state,
        ulong storedVersion,
        IChannelSigner signer,
        IChannelStore store,
        ITransactionBroadcaster broadcaster,
        ActionHook? hook = null,
        IFundingWallet? fundingWallet = null,
        Func<ChannelState, byte[]>? encodeState = null,
        ChannelKey? storeKey = null,
        TimeProvider? timeProvider = null,
        TimeSpan? reestablishTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        _state = state;
        _version = storedVersion;
        _signer = signer ?? throw new ArgumentNullException(nameof(signer));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _broadcaster = broadcaster ?? throw new ArgumentNullException(nameof(broadcaster));
        _hook = hook;
        _fundingWallet = fundingWallet;
        _encode = encodeState ?? ChannelStateCodec.Encode;
        _storeKey = storeKey;
        _time = timeProvider ?? TimeProvider.System;
        _reestablishTimeout = reestablishTimeout ?? TimeSpan.FromMinutes(1);

        // Two-phase revocation: a crash may fall between storing a state and marking its
        // predecessor revoked in the signer; the stored state says what is revoked.
        if (state.HighestRevokedLocalCommitment is { } revoked)
        {
            _signer.MarkHolderCommitmentRevoked(revoked);
        }
        _loop = Task.Run(RunAsync);
    }

    public ChannelState State => Volatile.Read(ref _state);

    /// <summary>What a provider expects of the meter's readings (docs/PROTOCOL.md, "The signed reading, version 2"); null on a meter.</summary>
    public ReadingExpectations? Readings { get; init; }

    /// <summary>
    /// The channel's statement boundaries (docs/STATEMENTS.md): when set, the readings of completed
    /// payments go into it, each closed period's signature goes to the peer in
    /// <c>statement_signature</c>, and the peer's completes and stores the statement
    /// (<see cref="StatementRecord"/>). Null: statements are not exchanged, and a peer's
    /// <c>statement_signature</c> goes to the engine, which ignores it as an odd message.
    /// </summary>
    public Billing.Statements.StatementBook? Statements { get; init; }

    /// <summary>Notifications for the application (completed transfers, failures, rejections).</summary>
    public ChannelReader<ChannelAction> Events => _events.Reader;

    /// <summary>
    /// Messages read from the peer and not yet handled, at most: past it the runner stops
    /// reading the connection (and the transport then the socket), so a peer that sends faster
    /// than its channel can work slows only itself, and chain events and commands still find
    /// room in the input queue.
    /// </summary>
    public const int PeerInboundCapacity = 32;

    /// <summary>
    /// Events held for <see cref="Events"/> at most; null (the default) holds any number. When
    /// full, the loop waits for the reader: the channel stops taking inputs, its peer's messages
    /// stay unread, and the peer is slowed. Notices raised outside the loop (a connection
    /// attached or lost) are dropped when full. Set by a node that always reads (ProviderNode).
    /// </summary>
    public int? EventCapacity { get; init; }

    // Created at first use, after the initializer set EventCapacity: no event exists before an input.
    private Channel<ChannelAction> _events => LazyInitializer.EnsureInitialized(ref _eventChannel, () => EventCapacity is { } capacity
        ? Channel.CreateBounded<ChannelAction>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait })
        : Channel.CreateUnbounded<ChannelAction>(new UnboundedChannelOptions { SingleReader = true }));

    /// <summary>Completes when the runner stops; faulted if an action failed.</summary>
    public Task Completion => _loop;

    public ChannelKey Key => _storeKey ?? new(_state.ChannelId.AsSpan());

    public ValueTask PostAsync(ChannelInput input, CancellationToken cancellationToken = default) =>
        _inputs.Writer.WriteAsync(input, cancellationToken);

    /// <summary>
    /// Sends <paramref name="message"/>, a message of the application's beside the channel (the
    /// provider's <c>tariff_update</c>), to the peer the channel is connected to, in order with
    /// the channel's own messages: it goes after whatever the inputs posted before it sent.
    /// While no peer is connected it is dropped; the application sends again on reconnection.
    /// </summary>
    public ValueTask SendToPeerAsync(LightningMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return PostAsync(new PeerSend(message), cancellationToken);
    }

    /// <summary>Use <paramref name="peer"/> from now on: reestablish over it and read its messages.</summary>
    public Task AttachAsync(IPeerConnection peer, CancellationToken cancellationToken = default) =>
        AttachAsync(peer, [], cancellationToken);

    /// <summary>
    /// As <see cref="AttachAsync(IPeerConnection, CancellationToken)"/>, when a node already read
    /// <paramref name="alreadyReceived"/> from the connection to find which channel it is for:
    /// they are fed to the channel right after it learns it is connected, before anything else read.
    /// </summary>
    public async Task AttachAsync(IPeerConnection peer, IReadOnlyList<LightningMessage> alreadyReceived, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alreadyReceived);

        // One attach at a time: two connections of one peer must not interleave their
        // Disconnected / Connected / reestablish inputs.
        await _attaching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await AttachOneAsync(peer, alreadyReceived, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _attaching.Release();
        }
    }

    private async Task AttachOneAsync(IPeerConnection peer, IReadOnlyList<LightningMessage> alreadyReceived, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (!peer.Offers(Features.StreamedTransfer))
        {
            // Every payment is an update_transfer, and an opening leads only to them: a peer that
            // cannot read them gets neither open_channel nor channel_reestablish (docs/PROTOCOL.md).
            _events.Writer.TryWrite(new ChannelAction.PeerLacksFeature(Features.StreamedTransfer));
            await peer.DisposeAsync().ConfigureAwait(false);
            return;
        }

        // Every input about this connection carries its generation, so the loop handles them in
        // connection order whichever queue they came through (see HandleAsync).
        var attached = new Attached(peer, Interlocked.Increment(ref _generations));
        if (Interlocked.Exchange(ref _peer, attached) is { } previous)
        {
            // A new connection replaces the old one: the channel first learns the old is gone.
            await PostAsync(new ConnectionInput(previous.Generation, new ChannelInput.Disconnected()), cancellationToken).ConfigureAwait(false);
            await previous.Peer.DisposeAsync().ConfigureAwait(false);
            _events.Writer.TryWrite(new ChannelAction.PeerDisconnected());
        }

        await PostAsync(new ConnectionInput(attached.Generation, new ChannelInput.Connected()), cancellationToken).ConfigureAwait(false);
        // Awaited, not tried: a host acts on it (tells the meter its tariff), so it must not be dropped.
        await _events.Writer.WriteAsync(new ChannelAction.PeerConnected(), cancellationToken).ConfigureAwait(false);
        foreach (var message in alreadyReceived)
        {
            await PostAsync(new ConnectionInput(attached.Generation, new ChannelInput.PeerMessage(message)), cancellationToken).ConfigureAwait(false);
        }

        _receiveLoop = Task.Run(() => ReceiveAsync(attached));
    }

    /// <summary>Stops the runner; a second call (say, a node forgetting a channel while shutting down) waits for the first.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposing, 1) == 1)
        {
            await _disposed.Task.ConfigureAwait(false);
            return;
        }

        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _disposed.TrySetResult();
        }
    }

    private async Task StopAsync()
    {
        _inputs.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelRunnerStoppedException)
        {
            // Stopping is what was asked for.
        }

        if (Volatile.Read(ref _peer) is { } attached)
        {
            await attached.Peer.DisposeAsync().ConfigureAwait(false);
        }

        await _receiveLoop.ConfigureAwait(false);
        _reestablishClock?.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            await foreach (var input in _inputs.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                // Inputs the shell itself raises go first and are never dropped (see PostPriority).
                while (_priority.TryDequeue(out var urgent))
                {
                    await HandleAsync(urgent).ConfigureAwait(false);
                }

                await HandleAsync(input).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Nobody may wait on a stopped channel: posting to it fails from now on.
            _inputs.Writer.TryComplete(e);
            _events.Writer.TryComplete(e);
            if (Volatile.Read(ref _peer) is { } attached)
            {
                await attached.Peer.DisposeAsync().ConfigureAwait(false);
            }

            throw new ChannelRunnerStoppedException($"Channel {_state.ChannelId} stopped: {e.Message}", e);
        }
        finally
        {
            // Readers of Events see the end however the runner stops (no-op after a fault).
            _events.Writer.TryComplete();
        }
    }

    /// <summary>
    /// Connection inputs in connection order. A disconnection may overtake its own connection's
    /// <see cref="ChannelInput.Connected"/> (it comes through the side queue): then the machine never
    /// hears of that connection at all, instead of hearing "connected" last and waiting for a
    /// <c>channel_reestablish</c> that cannot come. Inputs of a replaced connection are dropped.
    /// </summary>
    private Task HandleAsync(ChannelInput input)
    {
        if (input is ConnectionInput { FromPeer: true })
        {
            _peerBudget.Release();
        }

        switch (input)
        {
            case Wake:
                return Task.CompletedTask;
            case PeerSend send:
                return _connectedGeneration != 0 && Volatile.Read(ref _peer) is { } current && current.Generation == _connectedGeneration
                    ? SendAsync(current, send.Message)
                    : Task.CompletedTask;
            case ConnectionInput { Input: ChannelInput.Connected } connected:
                if (_diedUnseen.Remove(connected.Generation))
                {
                    return Task.CompletedTask;
                }

                _connectedGeneration = connected.Generation;
                StartReestablishClock(connected.Generation);
                return StepAsync(connected.Input);
            case ConnectionInput { Input: ChannelInput.Disconnected } disconnected:
                if (disconnected.Generation == _connectedGeneration)
                {
                    _connectedGeneration = 0;
                    return StepAsync(disconnected.Input);
                }

                if (disconnected.Generation > _connectedGeneration)
                {
                    _diedUnseen.Add(disconnected.Generation);
                }

                return Task.CompletedTask;
            case ConnectionInput { Input: ChannelInput.PeerMessage { Message: StatementSignature theirs } } tagged when Statements is not null:
                return tagged.Generation == _connectedGeneration ? AcceptStatementSignatureAsync(theirs) : Task.CompletedTask;
            case ConnectionInput tagged:
                return tagged.Generation == _connectedGeneration ? StepAsync(tagged.Input) : Task.CompletedTask;
            case ReestablishDue due:
                if (due.Generation == _connectedGeneration && Volatile.Read(ref _state).IsAwaitingReestablish)
                {
                    return _events.Writer.WriteAsync(new ChannelAction.ReestablishOverdue(_state.ChannelId, _reestablishTimeout), _stop.Token).AsTask();
                }

                return Task.CompletedTask;
            default:
                return StepAsync(input);
        }
    }

    /// <summary>
    /// BOLT 2 "Message Retransmission": a connected channel waits for the peer's
    /// <c>channel_reestablish</c>; past the timeout the application hears of it rather than
    /// the channel sitting silently unusable.
    /// </summary>
    private void StartReestablishClock(long generation)
    {
        _reestablishClock?.Dispose();
        _reestablishClock = _time.CreateTimer(_ => PostPriority(new ReestablishDue(generation)), null, _reestablishTimeout, Timeout.InfiniteTimeSpan);
    }

    private async Task StepAsync(ChannelInput input)
    {
        // Never throws: an engine fault is a reported step, so the channel keeps watching the chain.
        var step = EngineFaults.Process(_state, input, _signer, Readings);
        Volatile.Write(ref _state, step.State);
        foreach (var action in step.Actions)
        {
            await PerformAsync(action).ConfigureAwait(false);
        }

        if (Statements is not null)
        {
            await AfterStepForStatementsAsync(input).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// An input the shell raises from inside its own loop or receive path (a disconnection,
    /// the wallet's funding transaction). It must not be lost to a full queue, nor may the
    /// loop wait on its own queue: it goes to a side queue the loop drains first, and a wake-up
    /// is queued in case the loop is idle (if the queue is full, the loop is busy anyway).
    /// </summary>
    private void PostPriority(ChannelInput input)
    {
        _priority.Enqueue(input);
        _inputs.Writer.TryWrite(Wake.Instance);
    }

    private async Task PerformAsync(ChannelAction action)
    {
        if (_hook is not null)
        {
            await _hook(action, performed: false).ConfigureAwait(false);
        }

        switch (action)
        {
            case ChannelAction.PersistState persist:
                _version++;
                await _store.SaveAsync(new ChannelRecord(Key, _version, _encode(persist.State)), _stop.Token).ConfigureAwait(false);
                break;
            case ChannelAction.SendMessage send when Volatile.Read(ref _peer) is { } attached:
                await SendAsync(attached, send.Message).ConfigureAwait(false);
                break;
            case ChannelAction.SendMessage:
                // Not connected: what matters will be retransmitted after channel_reestablish.
                break;
            case ChannelAction.BroadcastTransaction broadcast:
                await BroadcastAsync(broadcast).ConfigureAwait(false);
                break;
            case ChannelAction.CreateFundingTransaction create:
                await CreateFundingTransactionAsync(create).ConfigureAwait(false);
                break;
            case ChannelAction.ForgetChannel:
                await _store.DeleteAsync(Key, _stop.Token).ConfigureAwait(false);
                await _events.Writer.WriteAsync(action, _stop.Token).ConfigureAwait(false);
                break;
            case ChannelAction.MarkRevoked revoked:
                _signer.MarkHolderCommitmentRevoked(revoked.CommitmentNumber);
                break;
            case ChannelAction.ReleaseFundingTransaction release:
                _fundingWallet?.ReleaseFundingTransaction(release.FundingTransaction);
                break;
            case ChannelAction.TransfersCompleted done when Statements is not null:
                await _events.Writer.WriteAsync(action, _stop.Token).ConfigureAwait(false);
                await RecordCompletedAsync(done).ConfigureAwait(false);
                break;
            default:
                await _events.Writer.WriteAsync(action, _stop.Token).ConfigureAwait(false);
                break;
        }

        if (_hook is not null)
        {
            await _hook(action, performed: true).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A refused or failed broadcast is reported, not fatal: the state is already stored,
    /// and the machine broadcasts again at the next chain report. Stopping here would leave
    /// the channel deaf to the chain, and a cheater's revoked commitment unpunished.
    /// </summary>
    private async Task BroadcastAsync(ChannelAction.BroadcastTransaction broadcast)
    {
        try
        {
            await _broadcaster.BroadcastAsync(broadcast.Transaction, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!_stop.IsCancellationRequested && e is not OutOfMemoryException)
        {
            await _events.Writer.WriteAsync(new ChannelAction.BroadcastFailed(broadcast.Transaction, broadcast.Reason, e.Message), _stop.Token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Asks the wallet for the funding transaction and feeds it back as the next input,
    /// through the side queue: the loop performing this action is the queue's only reader.
    /// </summary>
    private async Task CreateFundingTransactionAsync(ChannelAction.CreateFundingTransaction create)
    {
        var wallet = _fundingWallet ?? throw new InvalidOperationException("This channel opens as funder but the runner has no funding wallet.");
        var transaction = await wallet.CreateFundingTransactionAsync(create.FundingScriptPubKey, create.Amount, create.Feerate, _stop.Token).ConfigureAwait(false);
        PostPriority(new ChannelInput.FundingTransactionCreated(transaction));
    }

    /// <summary>
    /// A send that fails because the connection died is a disconnection, not a reason to
    /// stop: what it carried is retransmitted after channel_reestablish (BOLT 2).
    /// </summary>
    private async Task SendAsync(Attached attached, LightningMessage message)
    {
        try
        {
            await attached.Peer.SendAsync(message, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException && !_stop.IsCancellationRequested)
        {
            await DetachAsync(attached).ConfigureAwait(false);
        }
    }

    /// <summary>Forgets <paramref name="attached"/> if it is still the current one and tells the channel.</summary>
    private async Task DetachAsync(Attached attached)
    {
        if (Interlocked.CompareExchange(ref _peer, null, attached) == attached)
        {
            PostPriority(new ConnectionInput(attached.Generation, new ChannelInput.Disconnected()));
            await attached.Peer.DisposeAsync().ConfigureAwait(false);
            _events.Writer.TryWrite(new ChannelAction.PeerDisconnected());
        }
    }

    private async Task ReceiveAsync(Attached attached)
    {
        try
        {
            while (true)
            {
                // A slot first: while the peer's share of the queue is full, its connection is not read.
                await _peerBudget.WaitAsync(_stop.Token).ConfigureAwait(false);
                bool posted = false;
                try
                {
                    if (await attached.Peer.ReceiveAsync(_stop.Token).ConfigureAwait(false) is not { } message)
                    {
                        break;
                    }

                    await PostAsync(new ConnectionInput(attached.Generation, new ChannelInput.PeerMessage(message)) { FromPeer = true }, _stop.Token).ConfigureAwait(false);
                    posted = true;
                }
                finally
                {
                    if (!posted)
                    {
                        // Nothing queued under the slot (the peer closed or failed): give it back.
                        _peerBudget.Release();
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or WireFormatException or InvalidOperationException or ChannelClosedException)
        {
            // The connection is gone (or we are stopping); the channel learns it below.
        }

        await DetachAsync(attached).ConfigureAwait(false);
    }

    /// <summary>A connection and its generation: the n-th attached to this runner.</summary>
    private sealed record Attached(IPeerConnection Peer, long Generation);

    /// <summary>An input about connection <paramref name="Generation"/>; never given to the machine as is.</summary>
    private sealed record ConnectionInput(long Generation, ChannelInput Input) : ChannelInput
    {
        /// <summary>Read from the connection under one of its <see cref="PeerInboundCapacity"/> slots, given back when handled.</summary>
        public bool FromPeer { get; init; }
    }

    /// <summary>The reestablish clock of connection <paramref name="Generation"/> ran out.</summary>
    private sealed record ReestablishDue(long Generation) : ChannelInput;

    /// <summary>An application message for the connected peer (<see cref="SendToPeerAsync"/>); never given to the machine.</summary>
    private sealed record PeerSend(LightningMessage Message) : ChannelInput;

    /// <summary>Wakes the loop to drain the side queue; never given to the machine.</summary>
    private sealed record Wake : ChannelInput
    {
        public static Wake Instance { get; } = new();
    }
}
