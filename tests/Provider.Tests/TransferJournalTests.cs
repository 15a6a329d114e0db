using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Store;
using Microchannels.Channels.Wire;
using Microchannels.Provider.Journal;

namespace Microchannels.Provider.Tests;

/// <summary>
/// The journal in process: one write per channel save, entries shown only once their save is
/// durable and every lower number is shown, and the crash window: entries written ahead of a
/// save that never became durable are dropped at the next start and the rest renumbered
/// without a gap; those whose save became durable are kept.
/// </summary>
public sealed class TransferJournalTests : IDisposable
{
    private static readonly ChannelKey KeyX = new(new byte[32]);
    private static readonly ChannelKey KeyY = new(Enumerable.Repeat((byte)2, 32).ToArray());
    private static readonly ChannelId ChannelX = new(Enumerable.Repeat((byte)1, 32).ToArray());
    private static readonly ChannelId ChannelY = new(Enumerable.Repeat((byte)9, 32).ToArray());
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
    public async Task Each_save_is_one_journal_write_and_its_entries_show_after_it_in_sequence_order()
    {
        using var journal = TransferJournal.Open(Path, TimeProvider.System);
        var x = await journal.PrepareAsync(KeyX, [(Entry(ChannelX, 0), 1UL), (Entry(ChannelX, 1), 1UL)], CancellationToken.None);
        var y = await journal.PrepareAsync(KeyY, [(Entry(ChannelY, 0), 1UL)], CancellationToken.None);
        Assert.Equal(2, journal.Statistics.Commits);
        Assert.Equal([1UL, 2UL, 3UL], x.Transfers.Concat(y.Transfers).Select(t => t.Sequence));

        // Written, not shown: Y's save finished first, but 1 and 2 are not durable yet.
        Assert.Empty(journal.Commit(y));
        Assert.Equal(0UL, journal.LastSequence);
        Assert.Empty(journal.ReadAfter(0, 100));
        var waiting = journal.WaitForAfterAsync(0, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        // X's save is durable: 1, 2 and the waiting 3 show, with no further write.
        Assert.Equal([1UL, 2UL, 3UL], journal.Commit(x).Select(t => t.Sequence));
        await waiting;
        Assert.Equal(3UL, journal.LastSequence);
        Assert.Equal([1UL, 2UL, 3UL], journal.ReadAfter(0, 100).Select(t => t.Sequence));
        Assert.Equal(2, journal.Statistics.Commits);
        Assert.Equal(2_000UL, journal.TotalsOf(ChannelX).ReceivedMsat);
    }

    [Fact]
    public async Task After_a_crash_entries_whose_save_became_durable_are_kept_the_others_dropped_and_the_numbers_close_up()
    {
        using (var journal = TransferJournal.Open(Path, TimeProvider.System))
        {
            journal.Commit(await journal.PrepareAsync(KeyX, [(Entry(ChannelX, 0), 1UL)], CancellationToken.None));
            Assert.Equal(1UL, journal.LastSequence);

            // Two saves in flight when the process dies: X's (number 2) never became durable, Y's (3, 4) did.
            await journal.PrepareAsync(KeyX, [(Entry(ChannelX, 1), 2UL)], CancellationToken.None);
            await journal.PrepareAsync(KeyY, [(Entry(ChannelY, 0), 7UL), (Entry(ChannelY, 1), 7UL)], CancellationToken.None);
        }

        using var reopened = TransferJournal.Open(Path, TimeProvider.System);
        Assert.Equal(1UL, reopened.LastSequence);
        await Assert.ThrowsAsync<InvalidOperationException>(() => reopened.PrepareAsync(KeyX, [(Entry(ChannelX, 9), 9UL)], CancellationToken.None));
        Assert.Equal(2, await reopened.ReconcileAsync((key, _) => ValueTask.FromResult<ulong?>(key == KeyX ? 1UL : 7UL), CancellationToken.None));
        var all = reopened.ReadAfter(0, 100);
        Assert.Equal([1UL, 2UL, 3UL], all.Select(e => e.Sequence));
        Assert.Equal([(ChannelX, 0UL), (ChannelY, 0UL), (ChannelY, 1UL)], all.Select(e => (e.ChannelId, e.TransferId)));
        Assert.Equal(3UL, reopened.LastSequence);
        Assert.Equal(1_000UL, reopened.TotalsOf(ChannelX).ReceivedMsat);
        Assert.Equal(2_000UL, reopened.TotalsOf(ChannelY).ReceivedMsat);

        // X's transfer commits later (the meter resends it after reestablish): number 4.
        var again = await reopened.PrepareAsync(KeyX, [(Entry(ChannelX, 1), 2UL)], CancellationToken.None);
        Assert.Equal(4UL, Assert.Single(reopened.Commit(again)).Sequence);
    }

    [Fact]
    public async Task Entries_shown_before_a_crash_keep_their_numbers_and_an_empty_tail_needs_no_reconciling()
    {
        using (var journal = TransferJournal.Open(Path, TimeProvider.System))
        {
            for (ulong i = 0; i < 3; i++)
            {
                journal.Commit(await journal.PrepareAsync(KeyX, [(Entry(ChannelX, i), i + 1)], CancellationToken.None));
            }

            // The visible mark (written with the next prepare) is 2: entry 3 is above it but was shown; its save is durable.
        }

        using (var reopened = TransferJournal.Open(Path, TimeProvider.System))
        {
            Assert.Equal(1, await reopened.ReconcileAsync((_, _) => ValueTask.FromResult<ulong?>(3UL), CancellationToken.None));
            Assert.Equal([(1UL, 0UL), (2UL, 1UL), (3UL, 2UL)], reopened.ReadAfter(0, 100).Select(e => (e.Sequence, e.TransferId)));
        }

        using var third = TransferJournal.Open(Path, TimeProvider.System);
        Assert.Equal(3UL, third.LastSequence);
        Assert.Equal(4UL, third.Commit(await third.PrepareAsync(KeyX, [(Entry(ChannelX, 3), 4UL)], CancellationToken.None))[0].Sequence);
    }

    [Fact]
    public async Task An_abandoned_save_gives_its_numbers_to_the_saves_after_it_which_were_not_shown()
    {
        using (var journal = TransferJournal.Open(Path, TimeProvider.System))
        {
            var x = await journal.PrepareAsync(KeyX, [(Entry(ChannelX, 0), 1UL)], CancellationToken.None);
            var y = await journal.PrepareAsync(KeyY, [(Entry(ChannelY, 0), 1UL), (Entry(ChannelY, 1), 1UL)], CancellationToken.None);
            journal.Commit(y);
            Assert.Equal(0UL, journal.LastSequence);

            await journal.AbandonAsync(x, CancellationToken.None);
            Assert.Equal(2UL, journal.LastSequence);
            Assert.Equal([(1UL, ChannelY), (2UL, ChannelY)], journal.ReadAfter(0, 100).Select(e => (e.Sequence, e.ChannelId)));
            Assert.Empty(journal.ReadAfter(0, 100, channel: ChannelX));
            Assert.Equal(0UL, journal.TotalsOf(ChannelX).ReceivedMsat);
            Assert.Equal(3UL, journal.Commit(await journal.PrepareAsync(KeyX, [(Entry(ChannelX, 0), 2UL)], CancellationToken.None))[0].Sequence);
        }

        // Number 3 lies above the written mark (2): it is checked, and its save was durable.
        using var reopened = TransferJournal.Open(Path, TimeProvider.System);
        Assert.Equal(1, await reopened.ReconcileAsync((_, _) => ValueTask.FromResult<ulong?>(2UL), CancellationToken.None));
        Assert.Equal([(1UL, ChannelY), (2UL, ChannelY), (3UL, ChannelX)], reopened.ReadAfter(0, 100).Select(e => (e.Sequence, e.ChannelId)));
    }

    [Fact]
    public async Task A_transfer_journaled_twice_keeps_its_one_sequence_number()
    {
        using var journal = TransferJournal.Open(Path, TimeProvider.System);
        Assert.Single(journal.Commit(await journal.PrepareAsync(KeyX, [(Entry(ChannelX, 7), 1UL)], CancellationToken.None)));
        var twice = await journal.PrepareAsync(KeyX, [(Entry(ChannelX, 7), 1UL)], CancellationToken.None);
        Assert.Empty(twice.Transfers);
        Assert.Empty(journal.Commit(twice));
        Assert.Equal(1UL, journal.LastSequence);
        Assert.Single(journal.ReadAfter(0, 100));
    }

    [Fact]
    public async Task Readers_filter_by_channel_and_meter()
    {
        using var journal = TransferJournal.Open(Path, TimeProvider.System);
        journal.Commit(await journal.PrepareAsync(KeyX, [(Entry(ChannelX, 0), 1UL), (Entry(ChannelY, 1), 1UL)], CancellationToken.None));
        Assert.Single(journal.ReadAfter(0, 100, channel: ChannelX));
        Assert.Equal(2, journal.ReadAfter(0, 100, meter: _meter.PublicKey).Count);
        Assert.Single(journal.ReadAfter(1, 100));
    }

    private JournaledTransfer Entry(ChannelId channel, ulong id)
    {
        var reading = new MeterReading(id + 1, (id + 1) * 10, 1_700_000_000 + id);
        var signed = new SignedMeterReading(reading, new CompactSignature(_meter.Sign(reading.SigningHash().AsSpan()).ToCompact()));
        return new JournaledTransfer(0, channel, _meter.PublicKey, JournalDirection.Received, id, 1_000, signed, id + 1, 1_700_000_000_000);
    }
}
