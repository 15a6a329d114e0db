using Microchannels.Channels.Store;
using static Microchannels.Channels.Tests.Store.StoreTestData;

namespace Microchannels.Channels.Tests.Store;

/// <summary>
/// The rules every <see cref="IChannelStore"/> keeps, run against each implementation
/// by a subclass that says how to open one.
/// </summary>
public abstract class ChannelStoreContractTests : IAsyncLifetime
{
    private IChannelStore? _store;

    protected IChannelStore Store => _store ?? throw new InvalidOperationException("The store is opened in InitializeAsync.");

    public async Task InitializeAsync() => _store = await OpenStoreAsync();

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        await CleanUpAsync();
    }

    protected abstract Task<IChannelStore> OpenStoreAsync();

    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    [Fact]
    public async Task Saved_record_loads_with_the_same_bytes()
    {
        await Store.SaveAsync(Record(1, 7));

        var loaded = await Store.LoadAsync(Key(1));

        Assert.NotNull(loaded);
        Assert.Equal(Key(1), loaded.ChannelId);
        Assert.Equal(7UL, loaded.Version);
        Assert.Equal(State(1, 7), loaded.State.ToArray());
    }

    [Fact]
    public async Task Empty_state_round_trips()
    {
        await Store.SaveAsync(new ChannelRecord(Key(1), 1, ReadOnlyMemory<byte>.Empty));

        var loaded = await Store.LoadAsync(Key(1));

        Assert.NotNull(loaded);
        Assert.Equal(0, loaded.State.Length);
    }

    [Fact]
    public async Task Unknown_channel_loads_as_null()
    {
        await Store.SaveAsync(Record(1, 1));

        Assert.Null(await Store.LoadAsync(Key(2)));
    }

    [Fact]
    public async Task Newer_version_replaces_the_stored_record()
    {
        await Store.SaveAsync(Record(1, 1));
        await Store.SaveAsync(Record(1, 2, size: 5000));

        var loaded = await Store.LoadAsync(Key(1));

        Assert.NotNull(loaded);
        Assert.Equal(2UL, loaded.Version);
        Assert.Equal(State(1, 2, size: 5000), loaded.State.ToArray());
    }

    [Fact]
    public async Task LoadAll_returns_every_latest_record_in_key_order()
    {
        int[] channels = [5, 3, 9, 1, 7];
        foreach (int channel in channels)
        {
            await Store.SaveAsync(Record(channel, 1));
            await Store.SaveAsync(Record(channel, (ulong)channel + 1));
        }

        var all = new List<ChannelRecord>();
        await foreach (var record in Store.LoadAllAsync())
        {
            all.Add(record);
        }

        Assert.Equal([1, 3, 5, 7, 9], all.Select(r => (int)r.Version - 1));
        Assert.Equal(channels.Order().Select(Key), all.Select(r => r.ChannelId));
        Assert.All(all, r => Assert.Equal(State((int)r.Version - 1, r.Version), r.State.ToArray()));
    }

    [Fact]
    public async Task Delete_removes_only_that_channel()
    {
        await Store.SaveAsync(Record(1, 4));
        await Store.SaveAsync(Record(2, 4));

        await Store.DeleteAsync(Key(1));

        Assert.Null(await Store.LoadAsync(Key(1)));
        Assert.NotNull(await Store.LoadAsync(Key(2)));
        var all = new List<ChannelRecord>();
        await foreach (var record in Store.LoadAllAsync())
        {
            all.Add(record);
        }

        Assert.Equal([Key(2)], all.Select(r => r.ChannelId));
    }

    [Fact]
    public async Task Deleting_an_unknown_channel_does_nothing()
    {
        await Store.SaveAsync(Record(1, 1));

        await Store.DeleteAsync(Key(2));

        Assert.NotNull(await Store.LoadAsync(Key(1)));
    }

    [Fact]
    public async Task Deleted_channel_accepts_any_version_again()
    {
        await Store.SaveAsync(Record(1, 10));
        await Store.DeleteAsync(Key(1));

        await Store.SaveAsync(Record(1, 1));

        Assert.Equal(1UL, (await Store.LoadAsync(Key(1)))?.Version);
    }

    [Theory]
    [InlineData(10UL)]
    [InlineData(9UL)]
    [InlineData(0UL)]
    public async Task Save_not_newer_than_stored_is_stale_and_changes_nothing(ulong attempted)
    {
        await Store.SaveAsync(Record(1, 10));

        var stale = await Assert.ThrowsAsync<StaleChannelWriteException>(
            async () => await Store.SaveAsync(new ChannelRecord(Key(1), attempted, new byte[] { 0xEE })));

        Assert.Equal(Key(1), stale.ChannelId);
        Assert.Equal(10UL, stale.StoredVersion);
        Assert.Equal(attempted, stale.AttemptedVersion);
        var loaded = await Store.LoadAsync(Key(1));
        Assert.NotNull(loaded);
        Assert.Equal(10UL, loaded.Version);
        Assert.Equal(State(1, 10), loaded.State.ToArray());
    }

    [Fact]
    public async Task Stale_save_leaves_the_store_usable()
    {
        await Store.SaveAsync(Record(1, 10));
        await Assert.ThrowsAsync<StaleChannelWriteException>(async () => await Store.SaveAsync(Record(1, 3)));

        await Store.SaveAsync(Record(1, 11));

        Assert.Equal(11UL, (await Store.LoadAsync(Key(1)))?.Version);
    }

    [Fact]
    public async Task Version_zero_is_a_valid_first_save_and_the_largest_version_is_accepted()
    {
        await Store.SaveAsync(Record(1, 0));
        await Store.SaveAsync(Record(1, long.MaxValue));

        Assert.Equal((ulong)long.MaxValue, (await Store.LoadAsync(Key(1)))?.Version);
    }

    [Fact]
    public async Task Version_beyond_a_signed_64_bit_integer_is_refused_before_anything_is_stored()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            async () => await Store.SaveAsync(Record(1, (ulong)long.MaxValue + 1)));

        Assert.Null(await Store.LoadAsync(Key(1)));
    }

    [Fact]
    public async Task Mutating_the_callers_buffer_after_save_does_not_change_stored_state()
    {
        byte[] buffer = State(1, 1);
        var pending = Store.SaveAsync(new ChannelRecord(Key(1), 1, buffer));

        // Mutate before the save has even completed: the store must have copied already.
        Array.Fill(buffer, (byte)0xFF);
        await pending;
        Array.Fill(buffer, (byte)0x00);

        var loaded = await Store.LoadAsync(Key(1));
        Assert.NotNull(loaded);
        Assert.Equal(State(1, 1), loaded.State.ToArray());
    }

    [Fact]
    public async Task Saves_of_one_channel_issued_without_waiting_apply_in_call_order()
    {
        var saves = Enumerable.Range(1, 50).Select(v => Store.SaveAsync(Record(1, (ulong)v)).AsTask()).ToList();
        var late = Store.SaveAsync(Record(1, 25)).AsTask();

        await Task.WhenAll(saves);
        var stale = await Assert.ThrowsAsync<StaleChannelWriteException>(() => late);

        Assert.Equal(50UL, stale.StoredVersion);
        Assert.Equal(50UL, (await Store.LoadAsync(Key(1)))?.Version);
    }

    [Fact]
    public async Task Cancelled_save_is_refused_before_it_is_queued()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await Store.SaveAsync(Record(1, 1), cancelled.Token));

        Assert.Null(await Store.LoadAsync(Key(1)));
    }

    [Fact]
    public async Task A_thousand_channels_times_twenty_versions_saved_concurrently_all_end_at_their_last_version()
    {
        const int channelCount = 1000;
        const int versions = 20;
        var writers = Enumerable.Range(0, channelCount).Select(channel => Task.Run(async () =>
        {
            for (ulong v = 1; v <= versions; v++)
            {
                await Store.SaveAsync(Record(channel, v, size: 200));
            }
        }));

        await Task.WhenAll(writers);

        int seen = 0;
        await foreach (var record in Store.LoadAllAsync())
        {
            int channel = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(record.ChannelId.ToArray());
            Assert.Equal((ulong)versions, record.Version);
            Assert.Equal(State(channel, versions, size: 200), record.State.ToArray());
            seen++;
        }

        Assert.Equal(channelCount, seen);
    }

    [Fact]
    public async Task Save_load_and_delete_after_dispose_throw_ObjectDisposedException()
    {
        await Store.SaveAsync(Record(1, 1));
        await Store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await Store.SaveAsync(Record(1, 2)));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await Store.DeleteAsync(Key(1)));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await Store.LoadAsync(Key(1)));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () =>
        {
            await foreach (var unused in Store.LoadAllAsync())
            {
            }
        });
    }
}
