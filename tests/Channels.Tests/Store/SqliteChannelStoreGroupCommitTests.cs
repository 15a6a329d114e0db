using Microchannels.Channels.Store;
using Microsoft.Data.Sqlite;
using static Microchannels.Channels.Tests.Store.StoreTestData;

namespace Microchannels.Channels.Tests.Store;

public sealed class SqliteChannelStoreGroupCommitTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string DatabasePath => _directory.File("channels.db");

    public void Dispose() => _directory.Dispose();

    /// <summary>
    /// A busy timeout far beyond any test, so a writer waiting on the lock a test holds
    /// never gives up whatever the machine's load: the test, not a clock, ends the wait.
    /// </summary>
    private SqliteChannelStoreOptions Options() => new(DatabasePath) { BusyTimeout = TimeSpan.FromMinutes(10) };

    [Fact]
    public async Task Concurrent_saves_share_transactions()
    {
        await using var store = SqliteChannelStore.Open(Options());
        await store.SaveAsync(Record(0, 1));
        var before = store.Statistics;

        // With SQLite's write lock held elsewhere, every save below is queued before the
        // writer can commit anything: its first batch (whatever it had taken) waits on the
        // lock, and the rest follow in batches of at most 512. No timing decides the count.
        Task[] saves;
        using (var holder = OpenRaw(DatabasePath))
        using (var hold = holder.BeginTransaction(deferred: false))
        {
            saves = [.. Enumerable.Range(1, 2000).Select(channel => store.SaveAsync(Record(channel, 1)).AsTask())];
            hold.Rollback();
        }

        await Task.WhenAll(saves);

        var after = store.Statistics;
        Assert.Equal(2000, after.RecordsWritten - before.RecordsWritten);
        long transactions = after.TransactionsCommitted - before.TransactionsCommitted;

        // 2000 = a first batch of 1 to 512, then the rest in full batches of 512 and one remainder.
        Assert.InRange(transactions, 4, 5);
    }

    [Fact]
    public async Task Max_batch_size_of_one_commits_every_save_alone()
    {
        await using var store = SqliteChannelStore.Open(new SqliteChannelStoreOptions(DatabasePath) { MaxBatchSize = 1 });

        await Task.WhenAll(Enumerable.Range(0, 40).Select(channel => store.SaveAsync(Record(channel, 1)).AsTask()));

        Assert.Equal(new StoreStatistics(40, 0, 0, 40), store.Statistics);
    }

    [Fact]
    public async Task Stale_save_inside_a_batch_fails_alone_and_the_rest_commit()
    {
        await using var store = SqliteChannelStore.Open(Options());
        await store.SaveAsync(Record(0, 5));
        var before = store.Statistics;

        // Hold SQLite's write lock from another connection while every save below is
        // queued (SaveAsync queues before it returns): nothing commits until the lock is
        // released, so the writer's batches are a first one it may have taken (from the
        // blocker up to some save) and then all the rest. Either way the stale save
        // shares a transaction with the saves queued after it.
        using (var holder = OpenRaw(DatabasePath))
        using (var hold = holder.BeginTransaction(deferred: false))
        {
            var blocker = store.SaveAsync(Record(100, 1)).AsTask();
            var first = Enumerable.Range(1, 10).Select(c => store.SaveAsync(Record(c, 1)).AsTask()).ToArray();
            var stale = store.SaveAsync(Record(0, 3)).AsTask();
            var second = Enumerable.Range(11, 10).Select(c => store.SaveAsync(Record(c, 1)).AsTask()).ToArray();
            Assert.All([blocker, .. first, stale, .. second], save => Assert.False(save.IsCompleted));
            hold.Rollback();

            await Task.WhenAll([blocker, .. first, .. second]);
            var error = await Assert.ThrowsAsync<StaleChannelWriteException>(() => stale);
            Assert.Equal(5UL, error.StoredVersion);
            Assert.Equal(3UL, error.AttemptedVersion);
        }

        var after = store.Statistics;
        Assert.Equal(21, after.RecordsWritten - before.RecordsWritten);
        Assert.Equal(1, after.StaleWritesRejected - before.StaleWritesRejected);
        Assert.InRange(after.TransactionsCommitted - before.TransactionsCommitted, 1, 2);
        Assert.Equal(5UL, (await store.LoadAsync(Key(0)))?.Version);
        for (int channel = 1; channel <= 20; channel++)
        {
            Assert.Equal(1UL, (await store.LoadAsync(Key(channel)))?.Version);
        }
    }

    [Fact]
    public async Task Duplicated_store_on_the_same_file_cannot_overwrite_a_newer_version()
    {
        // Two shells (here two stores) on one database: the version check runs under
        // SQLite's write lock, so the older one cannot win.
        await using var first = SqliteChannelStore.Open(new SqliteChannelStoreOptions(DatabasePath));
        await using var second = SqliteChannelStore.Open(new SqliteChannelStoreOptions(DatabasePath));
        await first.SaveAsync(Record(1, 8));

        await Assert.ThrowsAsync<StaleChannelWriteException>(async () => await second.SaveAsync(Record(1, 7)));

        Assert.Equal(8UL, (await second.LoadAsync(Key(1)))?.Version);
    }

    [Fact]
    public async Task Dispose_completes_every_queued_save_before_closing()
    {
        var store = SqliteChannelStore.Open(new SqliteChannelStoreOptions(DatabasePath));
        var saves = Enumerable.Range(0, 500).Select(channel => store.SaveAsync(Record(channel, 3)).AsTask()).ToArray();

        await store.DisposeAsync();

        Assert.All(saves, save => Assert.True(save.IsCompletedSuccessfully));
        await using var reopened = SqliteChannelStore.Open(new SqliteChannelStoreOptions(DatabasePath));
        int count = 0;
        await foreach (var record in reopened.LoadAllAsync())
        {
            Assert.Equal(3UL, record.Version);
            count++;
        }

        Assert.Equal(500, count);
    }

    [Fact]
    public async Task Failed_commit_fails_its_saves_and_stops_all_later_writes()
    {
        await using var store = SqliteChannelStore.Open(
            new SqliteChannelStoreOptions(DatabasePath) { BusyTimeout = TimeSpan.FromMilliseconds(100) });
        await store.SaveAsync(Record(1, 1));

        ChannelStoreException failure;
        using (var holder = OpenRaw(DatabasePath))
        using (var hold = holder.BeginTransaction(deferred: false))
        {
            failure = await Assert.ThrowsAsync<ChannelStoreException>(async () => await store.SaveAsync(Record(1, 2)));
        }

        Assert.IsType<SqliteException>(failure.InnerException);

        // The lock is gone, but the store stays stopped: fail-stop, not retry.
        var refused = await Assert.ThrowsAsync<ChannelStoreException>(async () => await store.SaveAsync(Record(2, 1)));
        Assert.Same(failure, refused.InnerException);
        Assert.Equal(1UL, (await store.LoadAsync(Key(1)))?.Version);
        Assert.Null(await store.LoadAsync(Key(2)));
    }
}
