using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Store;
using Microchannels.Channels.Wire;
using Microchannels.Provider.Journal;

namespace Microchannels.Provider.Tests;

/// <summary>
/// GetChannel's lookups (<see cref="JournalingChannelStore.Find"/> by channel id,
/// <see cref="JournalingChannelStore.ChannelsOf"/> by meter) are dictionary lookups kept in
/// step with every save, id change, reload and delete.
/// </summary>
public sealed class ChannelIndexTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("microchannels-index-").FullName;
    private readonly InMemoryChannelStore _inner = new();
    private readonly InMemoryChannelSigner _signer = new(ChannelSecrets.FromSeed(Hashes.Sha256("index test signer"u8)));
    private readonly PrivateKey _readingKey = PrivateKey.FromBytes(Hashes.Sha256("index test reading key"u8));
    private TransferJournal _journal = null!;
    private JournalingChannelStore _store = null!;
    private Commitments? _opened;

    public Task InitializeAsync()
    {
        _journal = TransferJournal.Open(Path.Combine(_directory, "journal.db"), TimeProvider.System);
        _store = new JournalingChannelStore(_inner, _journal, TimeProvider.System);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _journal.Dispose();
        await _inner.DisposeAsync();
        _signer.Dispose();
        _readingKey.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Each_of_a_thousand_channels_is_found_by_its_id_and_its_meter_and_follows_an_id_change_and_a_delete()
    {
        var saved = new List<(ChannelKey Key, PublicKey Meter, ChannelId Id)>();
        for (int i = 0; i < 1_000; i++)
        {
            var meter = Meter(i);
            var key = PeerChannelRecord.KeyOf(meter, Nonce(i));
            var id = Id($"channel {i}");
            await Save(key, meter, i, id);
            saved.Add((key, meter, id));
        }

        foreach (var (key, meter, id) in saved)
        {
            Assert.Equal(key, _store.Find(id)!.Key);
            Assert.Equal(id, Assert.Single(_store.ChannelsOf(meter)).State.ChannelId);
        }

        Assert.Null(_store.Find(Id("no such channel")));
        Assert.Empty(_store.ChannelsOf(Meter(5_000)));

        // The temporary id gives way to the funding-derived one (BOLT 2 funding_created): the old id finds nothing.
        var (renamedKey, renamedMeter, oldId) = saved[7];
        var newId = Id("channel 7, funded");
        await Save(renamedKey, renamedMeter, 7, newId);
        Assert.Null(_store.Find(oldId));
        Assert.Equal(renamedKey, _store.Find(newId)!.Key);
        Assert.Single(_store.ChannelsOf(renamedMeter));

        // A second channel of the same meter is indexed beside the first.
        var secondKey = PeerChannelRecord.KeyOf(renamedMeter, Nonce(10_007));
        await Save(secondKey, renamedMeter, 10_007, Id("channel 7, second"));
        Assert.Equal(2, _store.ChannelsOf(renamedMeter).Count());

        await _store.DeleteAsync(secondKey);
        Assert.Null(_store.Find(Id("channel 7, second")));
        Assert.Equal(newId, Assert.Single(_store.ChannelsOf(renamedMeter)).State.ChannelId);

        // A restart loads the index from the store.
        var reloaded = new JournalingChannelStore(_inner, _journal, TimeProvider.System);
        await foreach (var _ in reloaded.LoadAllAsync())
        {
        }

        Assert.Equal(renamedKey, reloaded.Find(newId)!.Key);
        Assert.Null(reloaded.Find(oldId));
        Assert.Equal(saved[999].Key, reloaded.Find(saved[999].Id)!.Key);
    }

    private async Task Save(ChannelKey key, PublicKey meter, int nonce, ChannelId id)
    {
        _opened ??= OpenOne();
        ChannelState state = new ChannelState.Normal(_opened with { Parameters = _opened.Parameters with { ChannelId = id } }, ConnectionPhase.Disconnected, []);
        ulong version = (await _inner.LoadAsync(key))?.Version + 1 ?? 1;
        await _store.SaveAsync(new ChannelRecord(key, version, PeerChannelRecord.Encode(meter, Nonce(nonce), state)));
    }

    /// <summary>One channel opened through the BOLT 2 flow in memory (the provider's side), its id replaced per test channel.</summary>
    private Commitments OpenOne()
    {
        using var provider = new InMemoryChannelSigner(ChannelSecrets.FromSeed(Hashes.Sha256("index test provider"u8)));
        var policy = ChannelAcceptancePolicy.Default;
        var (awaitingAccept, open) = ChannelEstablishment.OpenerStart(Id("temporary"), new Satoshis(100_000), MilliSatoshis.Zero, new FeeratePerKw(253), _readingKey.PublicKey, _signer, policy);
        var (awaitingCreated, accept) = ChannelEstablishment.AccepterReceiveOpenChannel(open, policy, provider);
        var awaitingFunding = awaitingAccept.ReceiveAcceptChannel(accept, policy);
        var (awaitingSigned, created) = awaitingFunding.FundingTransactionCreated(new OutPoint(new TxId(Hashes.Sha256("index funding"u8)), 0), _signer);
        var (providerConfirmed, signed) = awaitingCreated.ReceiveFundingCreated(created, provider);
        var meterConfirmed = awaitingSigned.ReceiveFundingSigned(signed, _signer);
        var output = awaitingFunding.Terms.FundingOutput;
        var (_, meterReady) = meterConfirmed.FundingConfirmed(output, meterConfirmed.RequiredDepth, _signer);
        var (providerReady, _) = providerConfirmed.FundingConfirmed(output, meterConfirmed.RequiredDepth, provider);
        return ((AwaitingChannelReady)providerReady).ReceiveChannelReady(meterReady!);
    }

    private static PublicKey Meter(int i) => PrivateKey.FromBytes(Hashes.Sha256(System.Text.Encoding.ASCII.GetBytes($"index meter {i}"))).PublicKey;

    private static byte[] Nonce(int i) => Hashes.Sha256(System.Text.Encoding.ASCII.GetBytes($"nonce {i}"))[..PeerChannelSigners.NonceSize];

    private static ChannelId Id(string text) => new(Hashes.Sha256(System.Text.Encoding.ASCII.GetBytes(text)));
}
