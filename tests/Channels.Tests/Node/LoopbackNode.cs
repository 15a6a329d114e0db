using System.Net;
using System.Net.Sockets;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Store;
using Microchannels.Channels.Transport;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Node;

/// <summary>One node for loopback tests: a node key, a SQLite store in a temp folder, and a runner for one channel.</summary>
internal sealed class LoopbackNode : IAsyncDisposable
{
    private readonly byte[] _channelSeed;

    public LoopbackNode(string name, byte[] channelSeed, byte[] nodeSecret)
    {
        Name = name;
        _channelSeed = channelSeed;
        NodeKey = PrivateKey.FromBytes(nodeSecret);
        Directory = Path.Combine(Path.GetTempPath(), $"microchannels-{name}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        Store = SqliteChannelStore.Open(new SqliteChannelStoreOptions(Path.Combine(Directory, "channels.db")));
    }

    public string Name { get; }

    public PrivateKey NodeKey { get; }

    public string Directory { get; }

    public SqliteChannelStore Store { get; private set; }

    public InMemoryChain Chain { get; } = new();

    public ChannelRunner? Runner { get; private set; }

    public InMemoryChannelSigner? Signer { get; private set; }

    /// <summary>Starts a runner on <paramref name="state"/>, as stored at <paramref name="version"/>.</summary>
    public ChannelRunner Start(ChannelState state, ulong version, ActionHook? hook = null, Microchannels.Channels.Engine.ReadingExpectations? readings = null, Microchannels.Channels.Billing.Statements.StatementBook? statements = null)
    {
        Signer = new InMemoryChannelSigner(ChannelSecrets.FromSeed(_channelSeed), state.HighestRevokedLocalCommitment);
        Runner = new ChannelRunner(state, version, Signer, Store, Chain, hook, Chain) { Readings = readings, Statements = statements };
        return Runner;
    }

    /// <summary>Simulates a process restart: the runner is gone; a new one resumes from the store.</summary>
    public async Task<ChannelRunner> RestartAsync(ChannelKey key, ActionHook? hook = null)
    {
        await StopRunnerAsync();
        await Store.DisposeAsync();
        Store = SqliteChannelStore.Open(new SqliteChannelStoreOptions(Path.Combine(Directory, "channels.db")));
        var record = await Store.LoadAsync(key) ?? throw new InvalidOperationException("Channel missing from the store.");
        return Start(ChannelStateCodec.Decode(record.State.Span), record.Version, hook);
    }

    public async Task StopRunnerAsync()
    {
        if (Runner is not null)
        {
            await Runner.DisposeAsync();
            Runner = null;
        }

        Signer?.Dispose();
        Signer = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopRunnerAsync();
        await Store.DisposeAsync();
        NodeKey.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>
    /// The meter (<paramref name="opener"/>, its runner started on
    /// <see cref="ChannelStateMachine.Open"/>) connects to the provider, which answers the
    /// first message, <c>open_channel</c>, with a new channel and a runner for it, as a
    /// provider node does for a meter it has not seen.
    /// </summary>
    public static async Task ConnectToOpenAsync(LoopbackNode opener, LoopbackNode accepter, Microchannels.Channels.Engine.Opening.ChannelAcceptancePolicy policy, CancellationToken ct)
    {
        var (openerPeer, accepterPeer) = await EstablishAsync(opener, accepter, ct);
        await opener.Runner!.AttachAsync(openerPeer, ct);
        var open = await accepterPeer.ReceiveAsync(ct) as OpenChannel ?? throw new InvalidOperationException("The first message was not open_channel.");
        var signer = new InMemoryChannelSigner(ChannelSecrets.FromSeed(accepter._channelSeed));
        var accepted = ChannelStateMachine.Accept(open, policy, signer);
        signer.Dispose();
        accepter.Start(accepted.State, 0);
        await accepter.Runner!.AttachAsync(accepterPeer, ct);
    }

    /// <summary>Connects <paramref name="initiator"/> to <paramref name="responder"/> over real loopback TCP (BOLT 8 + init) and attaches both runners.</summary>
    public static async Task ConnectAsync(LoopbackNode initiator, LoopbackNode responder, CancellationToken ct)
    {
        var (initiatorPeer, responderPeer) = await EstablishAsync(initiator, responder, ct);
        await initiator.Runner!.AttachAsync(initiatorPeer, ct);
        await responder.Runner!.AttachAsync(responderPeer, ct);
    }

    private static async Task<(IPeerConnection Initiator, IPeerConnection Responder)> EstablishAsync(LoopbackNode initiator, LoopbackNode responder, CancellationToken ct)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        var accept = Task.Run(async () =>
        {
            var socket = await listener.AcceptSocketAsync(ct);
            var transport = await NoiseTransport.AcceptAsync(socket, responder.NodeKey, new TransportOptions(), ct);
            return await NoisePeerConnection.EstablishAsync(transport, Features.LocalDefault, ct);
        }, ct);
        var initiatorPeer = await NoisePeerConnection.ConnectAsync(endpoint, initiator.NodeKey, responder.NodeKey.PublicKey, new TransportOptions(), ct);
        return (initiatorPeer, await accept);
    }
}
