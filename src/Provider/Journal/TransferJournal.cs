using System.Collections.Concurrent;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Store;
using Microchannels.Channels.Wire;
using Microsoft.Data.Sqlite;

namespace Microchannels.Provider.Journal;

/// <summary>
/// The durable journal of irrevocably committed transfers, numbered 1, 2, 3, ... with no gap,
/// that SubscribeTransfers serves. One write per channel save (<see cref="JournalingChannelStore"/>):
/// <see cref="PrepareAsync"/>, before the save, stores the save's entries with their sequence
/// numbers (durable, fsynced) but does not show them. When the save is durable,
/// <see cref="Commit"/> shows them, in memory only: entries become visible in sequence order,
/// so one waits for every lower number's save. The visible mark is written with the next
/// prepare. After a crash, <see cref="ReconcileAsync"/> looks only at the entries above the
/// written mark: those whose channel's stored state reached the commitment that holds them
/// were committed (their save became durable); the others are deleted and the kept ones
/// renumbered without a gap. A number is shown only once it is durable and its save is
/// durable, is never shown twice, and every committed transfer gets exactly one. Entries shown
/// before a crash keep their numbers: they lie below every dropped entry, which was never shown.
/// SQLite, WAL, synchronous=FULL (DESIGN.md decision 4).
/// </summary>
public sealed partial class TransferJournal : IDisposable
{
    private const string VisibleMark = "visible";

    private readonly SqliteConnection _writer;
    private readonly string _readConnectionString;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, Pending> _pending = [];
    private readonly ConcurrentDictionary<ChannelId, ChannelTotals> _totals = new();
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _visible;
    private long _nextSequence;
    private long _writtenMark;
    private bool _reconciled;
    private long _commits;
    private long _entries;

    private TransferJournal(SqliteConnection writer, string readConnectionString)
    {
        _writer = writer;
        _readConnectionString = readConnectionString;
    }

    /// <summary>The newest visible sequence number; 0 when nothing was journaled.</summary>
    public ulong LastSequence => (ulong)Interlocked.Read(ref _visible);

    /// <summary>Journal transactions written (fsyncs; one per channel save that commits transfers) and entries shown, for the metrics.</summary>
    public (long Commits, long Entries) Statistics => (Interlocked.Read(ref _commits), Interlocked.Read(ref _entries));

    /// <summary>Raised after entries became durable and visible, with those entries (sequence order).</summary>
    public event Action<IReadOnlyList<JournaledTransfer>>? Committed;

    public static TransferJournal Open(string path, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        string full = Path.GetFullPath(path);
        var writer = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        try
        {
            writer.Open();
            JournalSchema.Create(writer);
            var journal = new TransferJournal(writer, new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString());
            journal.Load();
            return journal;
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Durably stores <paramref name="entries"/>, numbered, ahead of the channel save that
    /// commits them (<paramref name="channelKey"/> is its store key; each entry's target is
    /// the commitment number the stored state reaches with it, <see cref="CompletedTransfers.Reached"/>).
    /// Entries already journaled are skipped. Nothing is shown until <see cref="Commit"/>.
    /// </summary>
    public async Task<PreparedTransfers> PrepareAsync(ChannelKey channelKey, IReadOnlyList<(JournaledTransfer Entry, ulong TargetCommitment)> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_reconciled)
            {
                throw new InvalidOperationException("The journal holds entries of an unfinished save: ReconcileAsync first.");
            }

            var prepared = new List<Pending>(entries.Count);
            long next = _nextSequence;
            long mark = Interlocked.Read(ref _visible);
            using (var transaction = _writer.BeginTransaction())
            {
                using var insert = _writer.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT OR IGNORE INTO transfers(seq, channel_id, meter, direction, transfer_id, amount_msat, reading, local_commitment, committed_at_ms, channel_key, target_commitment)
                    VALUES ($seq, $channel, $meter, $direction, $id, $amount, $reading, $local, $at, $key, $target)
                    """;
                foreach (var (entry, target) in entries)
                {
                    insert.Parameters.Clear();
                    insert.Parameters.AddWithValue("$seq", next);
                    AddEntry(insert, entry);
                    insert.Parameters.AddWithValue("$at", entry.CommittedAtMs);
                    insert.Parameters.AddWithValue("$key", channelKey.ToArray());
                    insert.Parameters.AddWithValue("$target", checked((long)target));
                    if (insert.ExecuteNonQuery() == 1)
                    {
                        // 0 rows: already journaled (the same commitment reached twice); never a second number.
                        prepared.Add(new Pending(channelKey, target, entry with { Sequence = (ulong)next }));
                        next++;
                    }
                }

                if (mark != _writtenMark)
                {
                    JournalSchema.WriteMark(_writer, transaction, VisibleMark, mark);
                }

                transaction.Commit();
            }

            _writtenMark = mark;
            _nextSequence = next;
            Interlocked.Increment(ref _commits);
            lock (_gate)
            {
                foreach (var pending in prepared)
                {
                    _pending.Add(pending.Sequence, pending);
                }
            }

            return new PreparedTransfers(prepared);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>
    /// The channel save after <see cref="PrepareAsync"/> is durable: its entries are shown, each
    /// once every lower number is shown (no disk write). Returns the entries this call made
    /// visible (theirs and any later ones that were waiting for them).
    /// </summary>
    public IReadOnlyList<JournaledTransfer> Commit(PreparedTransfers prepared)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        List<JournaledTransfer> shown;
        lock (_gate)
        {
            foreach (var pending in prepared.Entries)
            {
                pending.Durable = true;
            }

            shown = ShowReadyLocked();
        }

        Publish(shown);
        return shown;
    }

    /// <summary>
    /// The channel save after <see cref="PrepareAsync"/> failed and the stored state does not
    /// hold it: its entries are deleted and the later unshown ones renumbered down, so the
    /// numbers stay without a gap (none of them was shown).
    /// </summary>
    public async Task AbandonAsync(PreparedTransfers prepared, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        if (prepared.Entries.Count == 0)
        {
            return;
        }

        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            List<JournaledTransfer> shown;
            lock (_gate)
            {
                var dropped = prepared.Entries.Select(p => p.Sequence).ToHashSet();
                var moves = new List<(Pending Entry, long From, long To)>();
                long to = dropped.Min();
                foreach (var (sequence, pending) in _pending.Where(p => p.Key > dropped.Min()).ToList())
                {
                    if (!dropped.Contains(sequence))
                    {
                        moves.Add((pending, sequence, to++));
                    }
                }

                using (var transaction = _writer.BeginTransaction())
                {
                    JournalSchema.Delete(_writer, transaction, dropped);
                    JournalSchema.Renumber(_writer, transaction, moves.Select(m => (m.From, m.To)));
                    transaction.Commit();
                }

                foreach (long sequence in dropped)
                {
                    _pending.Remove(sequence);
                }

                foreach (var (entry, from, target) in moves)
                {
                    _pending.Remove(from);
                    entry.Renumber(target);
                    _pending.Add(target, entry);
                }

                _nextSequence -= dropped.Count;
                Interlocked.Increment(ref _commits);
                shown = ShowReadyLocked();
            }

            Publish(shown);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>
    /// At start, before any channel runs: every entry above the written visible mark whose
    /// channel's stored state reached its commitment is kept (its save became durable before
    /// the crash); the rest are deleted and the kept ones renumbered from the mark, in order.
    /// <paramref name="reached"/> gives the commitment number a channel's stored state holds for
    /// a direction (<see cref="CompletedTransfers.Reached"/>), null when nothing is stored.
    /// Returns how many were kept that had not been shown for certain.
    /// </summary>
    public async Task<int> ReconcileAsync(Func<ChannelKey, JournalDirection, ValueTask<ulong?>> reached, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reached);
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            long mark = JournalSchema.ReadMark(_writer, VisibleMark);
            var tail = JournalSchema.ReadTail(_writer, mark);
            var kept = new List<(long From, JournaledTransfer Entry)>();
            var dropped = new List<long>();
            foreach (var (sequence, key, target, entry) in tail)
            {
                if (await reached(key, entry.Direction).ConfigureAwait(false) is { } number && number >= target)
                {
                    kept.Add((sequence, entry));
                }
                else
                {
                    dropped.Add(sequence);
                }
            }

            var moves = kept.Select((k, i) => (k.From, To: mark + 1 + i)).ToList();
            long visible = mark + kept.Count;
            using (var transaction = _writer.BeginTransaction())
            {
                JournalSchema.Delete(_writer, transaction, dropped);
                JournalSchema.Renumber(_writer, transaction, moves.Where(m => m.From != m.To));
                JournalSchema.WriteMark(_writer, transaction, VisibleMark, visible);
                transaction.Commit();
            }

            _writtenMark = visible;
            _nextSequence = visible + 1;
            _reconciled = true;
            var shown = kept.Select((k, i) => k.Entry with { Sequence = (ulong)(mark + 1 + i) }).ToList();
            lock (_gate)
            {
                Interlocked.Exchange(ref _visible, visible);
            }

            Publish(shown);
            return shown.Count;
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Up to <paramref name="max"/> visible entries with sequence above <paramref name="after"/>, in order.</summary>
    public IReadOnlyList<JournaledTransfer> ReadAfter(ulong after, int max, ChannelId? channel = null, PublicKey? meter = null)
    {
        using var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        using var select = connection.CreateCommand();
        select.CommandText = $"""
            SELECT seq, channel_id, meter, direction, transfer_id, amount_msat, reading, local_commitment, committed_at_ms FROM transfers
            WHERE seq > $after AND seq <= $visible {(channel is null ? "" : "AND channel_id = $channel")} {(meter is null ? "" : "AND meter = $meter")}
            ORDER BY seq LIMIT $max
            """;
        select.Parameters.AddWithValue("$after", checked((long)after));
        select.Parameters.AddWithValue("$visible", Interlocked.Read(ref _visible));
        select.Parameters.AddWithValue("$max", max);
        if (channel is not null)
        {
            select.Parameters.AddWithValue("$channel", channel.ToArray());
        }

        if (meter is not null)
        {
            select.Parameters.AddWithValue("$meter", meter.Span.ToArray());
        }

        var entries = new List<JournaledTransfer>();
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(ReadEntry(reader));
        }

        return entries;
    }

    /// <summary>Completes when an entry above <paramref name="after"/> is visible (at once if one is).</summary>
    public Task WaitForAfterAsync(ulong after, CancellationToken cancellationToken)
    {
        var appended = Volatile.Read(ref _appended);
        return LastSequence > after ? Task.CompletedTask : appended.Task.WaitAsync(cancellationToken);
    }

    /// <summary>What the journal holds of one channel (visible entries).</summary>
    public ChannelTotals TotalsOf(ChannelId channel) => _totals.TryGetValue(channel, out var totals) ? totals : ChannelTotals.None;

    /// <summary>The sums over every channel: received and sent, in millisatoshis.</summary>
    public (ulong Received, ulong Sent) GrandTotals()
    {
        ulong received = 0, sent = 0;
        foreach (var totals in _totals.Values)
        {
            received += totals.ReceivedMsat;
            sent += totals.SentMsat;
        }

        return (received, sent);
    }

    public void Dispose()
    {
        _writer.Dispose();
        _writing.Dispose();
        SqliteConnection.ClearPool(new SqliteConnection(_readConnectionString));
    }

    /// <summary>Shows the durable entries at the front of the pending ones, in sequence order.</summary>
    private List<JournaledTransfer> ShowReadyLocked()
    {
        var shown = new List<JournaledTransfer>();
        while (_pending.Count > 0)
        {
            var (sequence, first) = _pending.First();
            if (!first.Durable)
            {
                break;
            }

            _pending.Remove(sequence);
            shown.Add(first.Current);
        }

        if (shown.Count > 0)
        {
            Interlocked.Exchange(ref _visible, (long)shown[^1].Sequence);
        }

        return shown;
    }

    private void Publish(List<JournaledTransfer> shown)
    {
        if (shown.Count == 0)
        {
            return;
        }

        foreach (var entry in shown)
        {
            _totals.AddOrUpdate(entry.ChannelId, _ => ChannelTotals.None.With(entry), (_, totals) => totals.With(entry));
        }

        Interlocked.Add(ref _entries, shown.Count);
        Interlocked.Exchange(ref _appended, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        Committed?.Invoke(shown);
    }

    /// <summary>The totals of every entry up to the written mark, and where numbering goes on.</summary>
    private void Load()
    {
        long mark = JournalSchema.ReadMark(_writer, VisibleMark);
        using var select = _writer.CreateCommand();
        select.CommandText = "SELECT seq, channel_id, meter, direction, transfer_id, amount_msat, reading, local_commitment, committed_at_ms FROM transfers WHERE seq <= $mark ORDER BY seq";
        select.Parameters.AddWithValue("$mark", mark);
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                var entry = ReadEntry(reader);
                _totals.AddOrUpdate(entry.ChannelId, _ => ChannelTotals.None.With(entry), (_, totals) => totals.With(entry));
            }
        }

        _visible = mark;
        _writtenMark = mark;
        _nextSequence = Math.Max(mark, JournalSchema.MaxSequence(_writer)) + 1;

        // Nothing above the mark: no save was in flight at the last stop.
        _reconciled = _nextSequence == mark + 1;
    }

    private static void AddEntry(SqliteCommand command, JournaledTransfer entry)
    {
        command.Parameters.AddWithValue("$channel", entry.ChannelId.ToArray());
        command.Parameters.AddWithValue("$meter", entry.Meter.Span.ToArray());
        command.Parameters.AddWithValue("$direction", (int)entry.Direction);
        command.Parameters.AddWithValue("$id", checked((long)entry.TransferId));
        command.Parameters.AddWithValue("$amount", checked((long)entry.AmountMsat));
        command.Parameters.AddWithValue("$reading", EncodeReading(entry.Reading));
        command.Parameters.AddWithValue("$local", checked((long)entry.LocalCommitmentNumber));
    }

    internal static JournaledTransfer ReadEntry(SqliteDataReader reader) => new(
        (ulong)reader.GetInt64(0),
        new ChannelId((byte[])reader[1]),
        PublicKey.FromBytes((byte[])reader[2]),
        (JournalDirection)reader.GetInt32(3),
        (ulong)reader.GetInt64(4),
        (ulong)reader.GetInt64(5),
        DecodeReading((byte[])reader[6]),
        (ulong)reader.GetInt64(7),
        reader.GetInt64(8));

    /// <summary>The reading as its version writes it: a version-2 reading keeps its binding (a statement's leaf, docs/STATEMENTS.md).</summary>
    private static byte[] EncodeReading(SignedMeterReading reading) => reading.Encode();

    /// <summary>The two versions differ in length (88 and 241 bytes), so the length says which was stored.</summary>
    private static SignedMeterReading DecodeReading(byte[] bytes)
    {
        var reader = new WireReader(bytes);
        return bytes.Length == SignedMeterReading.EncodedLengthV2 ? SignedMeterReading.ReadV2(ref reader) : SignedMeterReading.Read(ref reader);
    }

    /// <summary>An entry written ahead of its channel's save, not yet shown; renumbered if an earlier save is abandoned.</summary>
    internal sealed class Pending(ChannelKey key, ulong target, JournaledTransfer entry)
    {
        public ChannelKey Key { get; } = key;

        public ulong Target { get; } = target;

        public JournaledTransfer Current { get; private set; } = entry;

        public long Sequence => (long)Current.Sequence;

        public bool Durable { get; set; }

        public void Renumber(long sequence) => Current = Current with { Sequence = (ulong)sequence };
    }
}
