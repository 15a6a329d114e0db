using Microchannels.Channels.Store;
using Microsoft.Data.Sqlite;
using static Microchannels.Channels.Tests.Store.StoreTestData;

namespace Microchannels.Channels.Tests.Store;

public sealed class SqliteChannelStoreDurabilityTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string DatabasePath => _directory.File("channels.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Acknowledged_records_are_all_there_after_reopening()
    {
        var acknowledged = new Dictionary<ChannelKey, ChannelRecord>();
        await using (var store = SqliteChannelStore.Open(new SqliteChannelStoreOptions(DatabasePath)))
        {
            var saves = new List<Task>();
            for (int channel = 0; channel < 300; channel++)
            {
                ulong last = (ulong)(channel % 7) + 1;
                for (ulong v = 1; v <= last; v++)
                {
                    saves.Add(store.SaveAsync(Record(channel, v, size: 100 + channel)).AsTask());
                }

                acknowledged[Key(channel)] = Record(channel, last, size: 100 + channel);
            }

            await Task.WhenAll(saves);

            await store.DeleteAsync(Key(299));
            acknowledged.Remove(Key(299));
        }

        await using var reopened = SqliteChannelStore.Open(new SqliteChannelStoreOptions(DatabasePath));
        var loaded = new Dictionary<ChannelKey, ChannelRecord>();
        await foreach (var record in reopened.LoadAllAsync())
        {
            loaded.Add(record.ChannelId, record);
        }

        Assert.Equal(acknowledged.Keys.Order(KeyOrder), loaded.Keys.Order(KeyOrder));
        foreach (var (key, expected) in acknowledged)
        {
            Assert.Equal(expected.Version, loaded[key].Version);
            Assert.Equal(expected.State.ToArray(), loaded[key].State.ToArray());
        }

        // The version rule holds across restarts: the reopened store still refuses old versions.
        await Assert.ThrowsAsync<StaleChannelWriteException>(async () => await reopened.SaveAsync(Record(6, 7)));
    }

    [Fact]
    public async Task Database_is_in_WAL_mode_with_full_sync_on_the_writer()
    {
        await using var store = SqliteChannelStore.Open(new SqliteChannelStoreOptions(DatabasePath));
        await store.SaveAsync(Record(1, 1));

        // journal_mode is a property of the file: any other connection sees it.
        using (var other = OpenRaw(DatabasePath, SqliteOpenMode.ReadOnly))
        {
            Assert.Equal("wal", Scalar(other, "PRAGMA journal_mode"));
        }

        // synchronous is per connection, so only the writer's own read-back can show it.
        Assert.Equal("wal", store.WriterJournalMode);
        Assert.Equal(2L, store.WriterSynchronous);
        Assert.True(File.Exists(DatabasePath + "-wal"));
    }

    [Fact]
    public async Task New_database_has_schema_version_one_and_the_channels_table()
    {
        await using (SqliteChannelStore.Open(new SqliteChannelStoreOptions(DatabasePath)))
        {
        }

        using var raw = OpenRaw(DatabasePath, SqliteOpenMode.ReadOnly);
        Assert.Equal(1L, Scalar(raw, "SELECT version FROM schema_version"));
        Assert.Equal(
            "channel_id,version,state,updated_at",
            Scalar(raw, "SELECT group_concat(name) FROM pragma_table_info('channels')"));
    }

    private static readonly Comparer<ChannelKey> KeyOrder =
        Comparer<ChannelKey>.Create((a, b) => a.ToArray().AsSpan().SequenceCompareTo(b.ToArray()));
}
