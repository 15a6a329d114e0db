using System.Net;
using System.Net.Sockets;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Node;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Store;
using Microchannels.Channels.Transport;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Node;

/// <summary>
/// The child process of <see cref="ProcessKillTests"/>: a provider node resumed from the
/// SQLite store in its directory, listening on loopback for the meter. It prints
/// "listening PORT ." once ready and runs until it is killed (at most a minute).
/// Started through <c>StartupHook</c>, like the store's crash child.
/// </summary>
internal static class ProviderNodeChild
{
    public const string DirectoryVariable = "MICROCHANNELS_PROVIDER_NODE_CHILD_DIR";

    public static byte[] NodeSecret => Hashes.Sha256("provider node"u8);

    public static void Run(string directory)
    {
        try
        {
            RunAsync(directory).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(e);
            Environment.Exit(2);
        }

        Environment.Exit(0);
    }

    private static async Task RunAsync(string directory)
    {
        using var lifetime = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var store = SqliteChannelStore.Open(new SqliteChannelStoreOptions(Path.Combine(directory, "channels.db")));
        ChannelRecord? record = null;
        await foreach (var stored in store.LoadAllAsync(lifetime.Token))
        {
            record = stored;
        }

        var state = ChannelStateCodec.Decode(record!.State.Span);
        var commitments = ((Microchannels.Channels.Engine.StateMachine.ChannelState.Normal)state).Commitments;
        ulong? revoked = commitments.LocalCommit.Index == 0 ? null : commitments.LocalCommit.Index - 1;
        using var signer = new InMemoryChannelSigner(ChannelSecrets.FromSeed(LoopbackChannelTests.Seed(0x24)), revoked);
        await using var runner = new ChannelRunner(state, record.Version, signer, store, new InMemoryChain());
        using var nodeKey = PrivateKey.FromBytes(NodeSecret);

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Console.Out.WriteLine($"listening {((IPEndPoint)listener.LocalEndpoint).Port} .");
        Console.Out.Flush();
        var socket = await listener.AcceptSocketAsync(lifetime.Token);
        var transport = await NoiseTransport.AcceptAsync(socket, nodeKey, new TransportOptions(), lifetime.Token);
        await runner.AttachAsync(await NoisePeerConnection.EstablishAsync(transport, Features.LocalDefault, lifetime.Token), lifetime.Token);
        await Task.Delay(Timeout.Infinite, lifetime.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
