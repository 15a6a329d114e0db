using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microchannels.Bitcoin.Chain;
using Microchannels.Bitcoin.Crypto;
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
        await foreach (var record in store.LoadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var (peer, state) = PeerChannelRecord.Decode(record.State.Span);
            node.Host(peer, state, record.Version);
        }

        node._listener.Start();
        node._acceptLoop = Task.Run(node.AcceptLoopAsync);
        return node;
    }

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

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
        foreach (var hosted in _channels.Values)
        {
            await hosted.DisposeAsync().ConfigureAwait(false);
        }

        _channels.Clear();
        _events.Writer.TryComplete();
        _stop.Dispose();
        _admission.Dispose();
    }

    /// <summary>Starts a runner for <paramref name="state"/> and forwards its events.</summary>
    private HostedChannel Host(PublicKey peer, ChannelState state, ulong version, IChannelSigner? signer = null)
    {
        signer ??= _signers(peer, state.HighestRevokedLocalCommitment);
        var runner = new ChannelRunner(state, version, signer, _store, _broadcaster, encodeState: s => PeerChannelRecord.Encode(peer, s));
        var hosted = new HostedChannel(peer, runner, signer, Task.Run(() => ForwardEventsAsync(peer, runner)));
        _channels[peer] = hosted;
        return hosted;
    }

    private async Task ForwardEventsAsync(PublicKey peer, ChannelRunner runner)
    {
        try
        {
            await foreach (var action in runner.Events.ReadAllAsync().ConfigureAwait(false))
            {
                _events.Writer.TryWrite(new NodeChannelEvent(peer, runner.State.ChannelId, action));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The runner failed an action (a store error): the channel waits for a restart.
            _events.Writer.TryWrite(new NodeChannelEvent(peer, runner.State.ChannelId, new ChannelAction.ChannelFailed(new ChannelHaltedException(runner.State.ChannelId, e))));
        }
    }

    /// <summary>A channel the node runs: its meter, runner, signer and event forwarder.</summary>
    private sealed record HostedChannel(PublicKey Peer, ChannelRunner Runner, IChannelSigner Signer, Task Forwarding) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Runner.DisposeAsync().ConfigureAwait(false);
            await Forwarding.ConfigureAwait(false);
            (Signer as IDisposable)?.Dispose();
        }
    }
}
