using System.Net;
using System.Net.Sockets;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Store;
using Microchannels.Channels.Transactions;
using Microchannels.Channels.Transport;
using Microchannels.Channels.Wire;

namespace Microchannels.Meter.Tests.Support;

/// <summary>
/// An open channel between a meter (opener, holding all funds) and a provider, each side with
/// its own SQLite channel store and <see cref="ChannelRunner"/>, talking BOLT 8 over loopback
/// TCP. Either side can crash (its runner stops; what is stored survives) and come back.
/// </summary>
public sealed class LoopbackChannel : IAsyncDisposable
{
    public const long FundingSatoshis = 1_000_000;
    private static readonly byte[] MeterSeed = Enumerable.Repeat((byte)0x42, 32).ToArray();
    private static readonly byte[] ProviderSeed = Enumerable.Repeat((byte)0x24, 32).ToArray();
    private readonly PrivateKey _meterNode = PrivateKey.FromBytes(Hashes.Sha256("meter node"u8));
    private readonly PrivateKey _providerNode = PrivateKey.FromBytes(Hashes.Sha256("provider node"u8));
    private readonly ChannelKey _key;
    private InMemoryChannelSigner? _meterSigner;
    private InMemoryChannelSigner? _providerSigner;

    public LoopbackChannel(string directory, ulong meterInitialMsat = FundingSatoshis * 1000)
    {
        Directory = directory;
        ReadingKeySecret = Hashes.Sha256("meter reading key"u8);
        using var readingKey = PrivateKey.FromBytes(ReadingKeySecret);
        using var meterSigner = new InMemoryChannelSigner(ChannelSecrets.FromSeed(MeterSeed));
        using var providerSigner = new InMemoryChannelSigner(ChannelSecrets.FromSeed(ProviderSeed));

        var channelId = new ChannelId(Hashes.Sha256("meter channel"u8));
        var funding = new OutPoint(TxId.Parse("8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be"), 0);
        var meterSide = new ChannelSideParameters(new Satoshis(546), new Satoshis(10_000), 144, meterSigner.Basepoints);
        var providerSide = new ChannelSideParameters(new Satoshis(546), new Satoshis(10_000), 144, providerSigner.Basepoints);
        var meterParams = new ChannelParameters(channelId, funding, new Satoshis(FundingSatoshis), true, meterSide, providerSide, readingKey.PublicKey);
        var providerParams = meterParams with { LocalIsOpener = false, Local = providerSide, Remote = meterSide };
        var meterSpec = new CommitmentSpec(new MilliSatoshis(meterInitialMsat), new MilliSatoshis((FundingSatoshis * 1000) - meterInitialMsat), new FeeratePerKw(253), []);
        var providerSpec = meterSpec.Mirror();
        ProviderInitialMsat = (FundingSatoshis * 1000) - meterInitialMsat;

        var meterCommit0 = CommitmentTransaction.Build(meterParams.LocalCommitmentParameters, CommitmentKeys.Derive(meterSide.Basepoints, providerSide.Basepoints, meterSigner.GetPerCommitmentPoint(0)), 0, meterSpec);
        var providerCommit0 = CommitmentTransaction.Build(providerParams.LocalCommitmentParameters, CommitmentKeys.Derive(providerSide.Basepoints, meterSide.Basepoints, providerSigner.GetPerCommitmentPoint(0)), 0, providerSpec);
        var meter = Commitments.AfterChannelReady(meterParams, meterSpec, providerSigner.SignCounterpartyCommitment(meterCommit0), providerSigner.GetPerCommitmentPoint(0), providerSigner.GetPerCommitmentPoint(1));
        var provider = Commitments.AfterChannelReady(providerParams, providerSpec, meterSigner.SignCounterpartyCommitment(providerCommit0), meterSigner.GetPerCommitmentPoint(0), meterSigner.GetPerCommitmentPoint(1));

        _key = new ChannelKey(channelId.AsSpan());
        MeterStore = SqliteChannelStore.Open(new SqliteChannelStoreOptions(Path.Combine(directory, "meter-channels.db")));
        ProviderStore = SqliteChannelStore.Open(new SqliteChannelStoreOptions(Path.Combine(directory, "provider-channels.db")));
        Save(MeterStore, meter);
        Save(ProviderStore, provider);
    }

    public string Directory { get; }

    public byte[] ReadingKeySecret { get; }

    public ulong ProviderInitialMsat { get; }

    public SqliteChannelStore MeterStore { get; private set; }

    public SqliteChannelStore ProviderStore { get; private set; }

    public ChannelRunner? Meter { get; private set; }

    public ChannelRunner? Provider { get; private set; }

    public RecordingBroadcaster Chain { get; } = new();

    /// <summary>A reading signer with the meter's reading key (the one named in the channel).</summary>
    public MeterReadingSigner ReadingSigner(MeterReading? lastSigned) => new(PrivateKey.FromBytes(ReadingKeySecret), lastSigned);

    /// <summary>Starts (or restarts) the meter's runner from its store.</summary>
    public async Task<ChannelRunner> StartMeterAsync(ActionHook? hook = null)
    {
        (Meter, _meterSigner) = await LoadAsync(MeterStore, MeterSeed, hook);
        return Meter;
    }

    /// <summary>
    /// The provider's node id, which every reading must name: the provider checks version-2
    /// readings as a provider node does (chain, node id, binding and chain of readings).
    /// </summary>
    public static Point ProviderNodeId { get; } = ProviderKey();

    public async Task<ChannelRunner> StartProviderAsync()
    {
        (Provider, _providerSigner) = await LoadAsync(ProviderStore, ProviderSeed, null, new ReadingExpectations(ChainHash.Regtest, ProviderNodeId));
        return Provider;
    }

    /// <summary>The meter process dies: its runner stops, its store is closed and reopened as after a reboot.</summary>
    public async Task CrashMeterAsync()
    {
        if (Meter is not null)
        {
            await Meter.DisposeAsync();
            Meter = null;
        }

        _meterSigner?.Dispose();
        await MeterStore.DisposeAsync();
        MeterStore = SqliteChannelStore.Open(new SqliteChannelStoreOptions(Path.Combine(Directory, "meter-channels.db")));
    }

    /// <summary>The provider goes away (its runner stops; the meter's connection drops).</summary>
    public async Task StopProviderAsync()
    {
        if (Provider is not null)
        {
            await Provider.DisposeAsync();
            Provider = null;
        }

        _providerSigner?.Dispose();
        await ProviderStore.DisposeAsync();
        ProviderStore = SqliteChannelStore.Open(new SqliteChannelStoreOptions(Path.Combine(Directory, "provider-channels.db")));
    }

    /// <summary>Connects the two runners over loopback TCP (BOLT 8 + init); they reestablish.</summary>
    public async Task ConnectAsync(CancellationToken ct)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        var accept = Task.Run(
            async () =>
            {
                var socket = await listener.AcceptSocketAsync(ct);
                var transport = await NoiseTransport.AcceptAsync(socket, _providerNode, new TransportOptions(), ct);
                return await NoisePeerConnection.EstablishAsync(transport, Features.LocalDefault, ct);
            },
            ct);
        var meterPeer = await NoisePeerConnection.ConnectAsync(endpoint, _meterNode, _providerNode.PublicKey, new TransportOptions(), ct);
        var providerPeer = await accept;
        await Meter!.AttachAsync(meterPeer, ct);
        await Provider!.AttachAsync(providerPeer, ct);
    }

    /// <summary>The provider's committed balance, as its latest local commitment holds it.</summary>
    public ulong ProviderCommittedMsat => ((ChannelState.Normal)Provider!.State).Commitments.LocalCommit.Spec.ToLocal.Value;

    /// <summary>Both sides quiet: nothing proposed, signed or awaiting revocation, and both connected.</summary>
    public bool Quiet =>
        Meter?.State is ChannelState.Normal { Connection: ConnectionPhase.Connected, Commitments: var m, Unsent.IsEmpty: true }
        && Provider?.State is ChannelState.Normal { Connection: ConnectionPhase.Connected, Commitments: var p }
        && !m.AwaitingRevocation && !p.AwaitingRevocation && m.LocalChanges.IsEmpty && p.LocalChanges.IsEmpty
        && m.RemoteChanges.IsEmpty && p.RemoteChanges.IsEmpty;

    public async ValueTask DisposeAsync()
    {
        await CrashMeterAsync();
        await StopProviderAsync();
        await MeterStore.DisposeAsync();
        await ProviderStore.DisposeAsync();
        _meterNode.Dispose();
        _providerNode.Dispose();
    }

    private static Point ProviderKey()
    {
        using var key = PrivateKey.FromBytes(Hashes.Sha256("loopback provider node"u8));
        return new Point(key.PublicKey.AsSpan());
    }

    private async Task<(ChannelRunner, InMemoryChannelSigner)> LoadAsync(SqliteChannelStore store, byte[] seed, ActionHook? hook, ReadingExpectations? readings = null)
    {
        var record = await store.LoadAsync(_key) ?? throw new InvalidOperationException("The channel is not in the store.");
        var state = ChannelStateCodec.Decode(record.State.Span);
        var signer = new InMemoryChannelSigner(ChannelSecrets.FromSeed(seed), state.HighestRevokedLocalCommitment);
        return (new ChannelRunner(state, record.Version, signer, store, Chain, hook) { Readings = readings }, signer);
    }

    private void Save(SqliteChannelStore store, Commitments commitments)
    {
        var state = new ChannelState.Normal(commitments, ConnectionPhase.Disconnected, []);
        store.SaveAsync(new ChannelRecord(_key, 1, ChannelStateCodec.Encode(state))).GetAwaiter().GetResult();
    }
}
