using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Node;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Store;
using Microchannels.Channels.Tests.Store;

namespace Microchannels.Channels.Tests.Node;

/// <summary>
/// The provider node with its SQLite store in a temporary folder, restartable. With no
/// options it admits any meter (<see cref="ProviderNodeOptions.OpenAdmission"/>), as many
/// openings at once as a test makes: the tests use fresh meter keys, all from 127.0.0.1.
/// </summary>
internal sealed class ProviderHarness(ProviderNodeOptions? options = null, string seed = "provider seed") : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly PrivateKey _nodeKey = PrivateKey.FromBytes(Hashes.Sha256("provider node"u8));
    private ChannelSignerFactory _signers = PeerChannelSigners.FromNodeSeed(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes(seed)));

    public ProviderNode? Node { get; private set; }

    public SqliteChannelStore? Store { get; private set; }

    public InMemoryChain Chain { get; } = new();

    public async Task StartAsync(CancellationToken ct)
    {
        Store = SqliteChannelStore.Open(new SqliteChannelStoreOptions(Path.Combine(_directory.Path, "provider.db")));
        Node = await ProviderNode.StartAsync(options ?? new ProviderNodeOptions { OpenAdmission = true, MaxOpeningChannelsPerAddress = 1_000 }, _nodeKey, Store, _signers, Chain, ct);
    }

    public async Task RestartAsync(CancellationToken ct)
    {
        await StopAsync();
        await StartAsync(ct);
    }

    /// <summary>Stops the node and restarts it from the same store with another node seed.</summary>
    public async Task RestartWithSeedAsync(string otherSeed, CancellationToken ct)
    {
        await StopAsync();
        _signers = PeerChannelSigners.FromNodeSeed(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes(otherSeed)));
        await StartAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _nodeKey.Dispose();
        _directory.Dispose();
    }

    public async Task StopAsync()
    {
        if (Node is not null)
        {
            await Node.DisposeAsync();
            Node = null;
        }

        if (Store is not null)
        {
            await Store.DisposeAsync();
            Store = null;
        }
    }
}
