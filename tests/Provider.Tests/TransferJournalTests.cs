using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Store;
using Microchannels.Channels.Wire;
using Microchannels.Provider.Journal;

namespace Microchannels.Provider.Tests;

/// <summary>
/// The journal's crash window, in process: entries prepared before a channel save and never
/// committed (the daemon died between the save and the commit, or before the save was durable)
/// are committed at the next start exactly when the stored channel reached their commitment.
/// </summary>
public sealed class TransferJournalTests : IDisposable
{
    private static readonly ChannelKey Key = new(new byte[32]);
    private readonly string _directory = Directory.CreateTempSubdirectory("microchannels-journal-").FullName;
    private readonly PrivateKey _meter = PrivateKey.FromBytes(Hashes.Sha256("journal test meter"u8));

    private string Path => System.IO.Path.Combine(_directory, "journal.db");

    public void Dispose()
    {
        _meter.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_prepared_entry_whose_save_became_durable_is_committed_at_restart_and_numbered_next()
    {
        using (var journal = TransferJournal.Open(Path, TimeProvider.System))
        {
            await journal.CommitAsync([Entry(0)], CancellationToken.None);
            await journal.PrepareAsync(Key, [(Entry(1), 5UL), (Entry(2), 5UL)], CancellationToken.None);

            // The process dies here: the channel save was durable, the commit never ran.
        }

        using var reopened = TransferJournal.Open(Path, TimeProvider.System);
        Assert.Equal(1UL, reopened.LastSequence);
        Assert.Equal(2, await reopened.ReconcileAsync((key, direction) => ValueTask.FromResult<ulong?>(key == Key && direction == JournalDirection.Received ? 5 : null), CancellationToken.None));
        var all = reopened.ReadAfter(0, 100);
        Assert.Equal([1UL, 2UL, 3UL], all.Select(e => e.Sequence));
        Assert.Equal([0UL, 1UL, 2UL], all.Select(e => e.TransferId));
        Assert.Equal(3UL, reopened.LastSequence);
        Assert.Equal(3 * 1_000UL, reopened.TotalsOf(Entry(0).ChannelId).ReceivedMsat);
    }

    [Fact]
    public async Task A_prepared_entry_whose_save_never_became_durable_is_dropped_and_leaves_no_gap()
    {
        using (var journal = TransferJournal.Open(Path, TimeProvider.System))
        {
            await journal.PrepareAsync(Key, [(Entry(0), 4UL)], CancellationToken.None);
        }

        using var reopened = TransferJournal.Open(Path, TimeProvider.System);
        Assert.Equal(0, await reopened.ReconcileAsync((_, _) => ValueTask.FromResult<ulong?>(3), CancellationToken.None));
        Assert.Empty(reopened.ReadAfter(0, 100));

        // The transfer commits later (the meter resends it after reestablish): it is number 1.
        var committed = await reopened.CommitAsync([Entry(0)], CancellationToken.None);
        Assert.Equal(1UL, Assert.Single(committed).Sequence);
    }

    [Fact]
    public async Task A_transfer_committed_twice_keeps_its_one_sequence_number()
    {
        using var journal = TransferJournal.Open(Path, TimeProvider.System);
        Assert.Single(await journal.CommitAsync([Entry(7)], CancellationToken.None));
        Assert.Empty(await journal.CommitAsync([Entry(7)], CancellationToken.None));
        Assert.Equal(1UL, journal.LastSequence);
        Assert.Single(journal.ReadAfter(0, 100));
    }

    [Fact]
    public async Task Readers_filter_by_channel_and_meter_and_wait_for_new_entries()
    {
        using var journal = TransferJournal.Open(Path, TimeProvider.System);
        var waiting = journal.WaitForAfterAsync(0, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        await journal.CommitAsync([Entry(0), Entry(1) with { ChannelId = new ChannelId(Enumerable.Repeat((byte)9, 32).ToArray()) }], CancellationToken.None);
        await waiting;
        Assert.Single(journal.ReadAfter(0, 100, channel: Entry(0).ChannelId));
        Assert.Equal(2, journal.ReadAfter(0, 100, meter: _meter.PublicKey).Count);
        Assert.Single(journal.ReadAfter(1, 100));
    }

    private JournaledTransfer Entry(ulong id)
    {
        var reading = new MeterReading(id + 1, (id + 1) * 10, 1_700_000_000 + id);
        var signed = new SignedMeterReading(reading, new CompactSignature(_meter.Sign(reading.SigningHash().AsSpan()).ToCompact()));
        return new JournaledTransfer(0, new ChannelId(Enumerable.Repeat((byte)1, 32).ToArray()), _meter.PublicKey, JournalDirection.Received, id, 1_000, signed, id + 1, 1_700_000_000_000);
    }
}
