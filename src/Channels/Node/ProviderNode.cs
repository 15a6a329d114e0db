using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microchannels.Bitcoin.Chain;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Persistence;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Store;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Node;

/// <summary>
/// The energy provider's node: one listening socket, one channel per meter, every channel
/// a <see cref="ChannelRunner"/> over one shared store, so the saves of many channels share
/// fsyncs (the SQLite store's group commit, DESIGN.md decision 4). A meter is known by its
/// BOLT 8 node id: its first message opens a channel (<c>open_channel</c>) or resumes its
/// stored one (<c>channel_reestablish</c>). Every stored channel runs from start-up, so
/// chain events reach it while its meter is offline (a breach must be punished then too).
/// </summary>
public sealed partial class ProviderNode : IAsyncDisposable
{
    private readonly ConcurrentDictionary<PublicKey, HostedChannel> _channels = new();
    private readonly SemaphoreSlim _admission = new(1, 1);
    private readonly ConcurrentDictionary<Task, bool> _serving = new();
    private readonly ConcurrentDictionary<PublicKey, ulong> _nonceCounters = new();
    private readonly ConcurrentDictionary<PublicKey, PublicKey> _readingKeys = new();
    private readonly ConcurrentDictionary<Task, bool> _forgetting = new();
    private readonly System.Threading.Channels.Channel<NodeChannelEvent> _events =
        System.Threading.Channels.Channel.CreateUnbounded<NodeChannelEvent>(new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true });

    private readonly ProviderNodeOptions _options;
    private readonly PrivateKey _nodeKey;
    private readonly IChannelStore _store;
    private readonly ChannelSignerFactory _signers;
    private readonly ITransactionBroadcaster _broadcaster;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private Task _acceptLoop = Task.CompletedTask;
    private int _disposed;

    private ProviderNode(ProviderNodeOptions options, PrivateKey nodeKey, IChannelStore store, ChannelSignerFactory signers, ITransactionBroadcaster broadcaster)
    {
        _options = options;
        _nodeKey = nodeKey;
        _store = store;
        _signers = signers;
        _broadcaster = broadcaster;
        _listener = new TcpListener(options.ListenOn);
    }

    /// <summary>The bound address (the actual port when <see cref="ProviderNodeOptions.ListenOn"/> asked for 0).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public PublicKey NodeId => _nodeKey.PublicKey;

    /// <summary>Every channel's application events, tagged with its meter.</summary>
    public System.Threading.Channels.ChannelReader<NodeChannelEvent> Events => _events.Reader;

    public int ChannelCount => _channels.Count;

    /// <summary>
    /// Loads every stored channel, starts its runner (disconnected), then listens. The node
    /// key and the store stay the caller's to dispose.
    /// </summary>
    public static async Task<ProviderNode> StartAsync(
        ProviderNodeOptions options,
        PrivateKey nodeKey,
        IChannelStore store,
        ChannelSignerFactory signers,
        ITransactionBroadcaster broadcaster,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(nodeKey);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(signers);
        ArgumentNullException.ThrowIfNull(broadcaster);
        var node = new ProviderNode(options, nodeKey, store, signers, broadcaster);
        try
        {
            await foreach (var record in store.LoadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (PeerChannelRecord.IsChannelRecord(record.State.Span))
                {
                    var (peer, nonce, state) = PeerChannelRecord.Decode(record.State.Span);
                    await node.LoadAsync(peer, nonce, state, record.Version).ConfigureAwait(false);
                }
                else if (StatementRecord.IsStatement(record.State.Span))
                {
                    // A countersigned statement: read on demand (FindStatementAsync), not at start-up.
                }
                else if (MeterReadingKeyPin.IsPin(record.State.Span))
                {
                    var (meter, readingKey) = MeterReadingKeyPin.Decode(record.State.Span);
                    node._readingKeys[meter] = readingKey;
                }
                else
                {
                    var (peer, counter) = PeerNonceMark.Decode(record.State.Span);
                    node.RememberCounter(peer, counter);
                }
            }

            node._listener.Start();
        }
        catch
        {
            // A damaged record or a bind failure: stop what already runs, start nothing.
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        node._acceptLoop = Task.Run(node.AcceptLoopAsync);
        return node;
    }

    /// <summary>The reading key pinned for <paramref name="meterNodeId"/>: configured, or learnt at its first channel; null if neither.</summary>
    public PublicKey? PinnedReadingKey(PublicKey meterNodeId) =>
        _options.MeterReadingKeys?.GetValueOrDefault(meterNodeId) ?? _readingKeys.GetValueOrDefault(meterNodeId);

    /// <summary>The meter's channel as it runs now, or null when the node has none with it.</summary>
    public ChannelState? GetState(PublicKey meterNodeId) =>
        _channels.TryGetValue(meterNodeId, out var hosted) ? hosted.Runner.State : null;

    /// <summary>
    /// Gives the meter's channel an input: a command of the back office (a refund, a
    /// cooperative close) or a chain event (the funding's depth, a spend).
    /// </summary>
    public ValueTask PostAsync(PublicKey meterNodeId, ChannelInput input, CancellationToken cancellationToken = default) =>
        _channels.TryGetValue(meterNodeId, out var hosted)
            ? hosted.Runner.PostAsync(input, cancellationToken)
            : throw new KeyNotFoundException($"No channel with meter {meterNodeId}.");

    /// <summary>
    /// A new best block: every channel hears it (the clock of rules counted in blocks, such
    /// as forgetting an accepted channel whose funding never came). A stopped channel is skipped.
    /// </summary>
    public async Task BlockConnectedAsync(uint height, CancellationToken cancellationToken = default)
    {
        // All at once: one busy channel's full queue holds up no other.
        await Task.WhenAll(_channels.Values.Select(async hosted =>
        {
            try
            {
                await hosted.Runner.PostAsync(new ChannelInput.BlockConnected(height), cancellationToken).ConfigureAwait(false);
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
                // Halted (its event said why); it resumes from the store at the next start.
            }
        })).ConfigureAwait(false);
    }

    private static async Task QuietlyAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Already reported where it happened (a refused connection, a halted channel).
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);

        // Connections being admitted finish (or give up) before the channels stop; one that
        // failed at shutdown changes nothing, and must not keep the channels running.
        await QuietlyAsync(Task.WhenAll(_serving.Keys)).ConfigureAwait(false);
        foreach (var meter in _channels.Keys)
        {
            if (_channels.TryRemove(meter, out var hosted))
            {
                await hosted.DisposeAsync().ConfigureAwait(false);
            }
        }

        await QuietlyAsync(Task.WhenAll(_forgetting.Keys)).ConfigureAwait(false);
        _events.Writer.TryComplete();
        _stop.Dispose();
        _admission.Dispose();
    }

    /// <summary>
    /// A stored channel at start-up. Closed channels stay archived beside a meter's newer one
    /// (their records hold the nonce of the keys our closing outputs pay to) and run only
    /// when they are the meter's latest; two live channels for one meter cannot come from
    /// this node, so the store was changed outside it and the node refuses to guess.
    /// </summary>
    private async Task LoadAsync(PublicKey peer, byte[] nonce, ChannelState state, ulong version)
    {
        if (Signing.PeerChannelSigners.Counter(nonce) is { } counter)
        {
            RememberCounter(peer, counter);
        }

        if (_channels.TryGetValue(peer, out var loaded))
        {
            if (state is ChannelState.Closed)
            {
                return;
            }

            if (loaded.Runner.State is not ChannelState.Closed)
            {
                throw new ChannelStateFormatException(ChannelStateFormatReason.Unspecified, $"Two open channels are stored for meter {peer}; the store was changed outside this node.");
            }

            await ForgetAsync(loaded).ConfigureAwait(false);
        }

        Host(peer, nonce, state, version);
    }

    /// <summary>The highest channel counter seen for <paramref name="peer"/>, from its records and its mark.</summary>
    private void RememberCounter(PublicKey peer, ulong counter) =>
        _nonceCounters.AddOrUpdate(peer, counter, (_, known) => Math.Max(known, counter));

    /// <summary>
    /// Starts a runner for <paramref name="state"/> and forwards its events. The signer must
    /// derive the keys the state holds (<see cref="StoredChannelKeysMismatchException"/>).
    /// </summary>
    private HostedChannel Host(PublicKey peer, byte[] nonce, ChannelState state, ulong version, IChannelSigner? signer = null)
    {
        signer ??= _signers(peer, nonce, state.HighestRevokedLocalCommitment);
        if (state.LocalBasepoints is { } stored && stored != signer.Basepoints)
        {
            (signer as IDisposable)?.Dispose();
            throw new StoredChannelKeysMismatchException(peer, state.ChannelId);
        }

        var runner = new ChannelRunner(state, version, signer, _store, _broadcaster, encodeState: s => PeerChannelRecord.Encode(peer, nonce, s), storeKey: PeerChannelRecord.KeyOf(peer, nonce));
        var forwarding = new TaskCompletionSource();
        var hosted = new HostedChannel(peer, nonce, runner, signer, forwarding.Task);
        _channels[peer] = hosted;
        _ = Task.Run(async () =>
        {
            try
            {
                await ForwardEventsAsync(hosted).ConfigureAwait(false);
            }
            finally
            {
                forwarding.SetResult();
            }
        });
        return hosted;
    }

    private async Task ForwardEventsAsync(HostedChannel hosted)
    {
        var (peer, runner) = (hosted.Peer, hosted.Runner);
        try
        {
            await foreach (var action in runner.Events.ReadAllAsync().ConfigureAwait(false))
            {
                _events.Writer.TryWrite(new NodeChannelEvent(peer, runner.State.ChannelId, action));
                if (runner.State is ChannelState.OpeningAborted)
                {
                    // Nothing was funded: forget it, so an abandoned opening holds no memory.
                    var forgetting = Task.Run(() => ForgetAsync(hosted));
                    _forgetting.TryAdd(forgetting, true);
                    _ = forgetting.ContinueWith(done => _forgetting.TryRemove(done, out _), TaskScheduler.Default);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The runner failed an action (a store error): the channel waits for a restart.
            _events.Writer.TryWrite(new NodeChannelEvent(peer, runner.State.ChannelId, new ChannelAction.ChannelFailed(new ChannelHaltedException(runner.State.ChannelId, e))));
        }
    }

    /// <summary>Stops and drops <paramref name="hosted"/> if it is still the meter's channel.</summary>
    private async Task ForgetAsync(HostedChannel hosted)
    {
        if (_channels.TryRemove(new KeyValuePair<PublicKey, HostedChannel>(hosted.Peer, hosted)))
        {
            await hosted.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A channel the node runs: its meter, runner, signer and event forwarder.</summary>
    private sealed record HostedChannel(PublicKey Peer, byte[] Nonce, ChannelRunner Runner, IChannelSigner Signer, Task Forwarding) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Runner.DisposeAsync().ConfigureAwait(false);
            await Forwarding.ConfigureAwait(false);
            (Signer as IDisposable)?.Dispose();
        }
    }
}
