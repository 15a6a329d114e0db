using System.Collections.Concurrent;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Store;
using Microchannels.Channels.Wire;
using Microsoft.Data.Sqlite;

namespace Microchannels.Provider.Journal;

/// <summary>
/// The durable journal of irrevocably committed transfers, numbered 1, 2, 3, ... with no gap,
/// that SubscribeTransfers serves. Entries are written in two steps around the channel
/// save that commits them (<see cref="JournalingChannelStore"/>): <see cref="PrepareAsync"/>
/// before it (durable, no sequence yet), <see cref="CommitAsync"/> after it (the sequence is
/// assigned, durable, and only then shown to subscribers). A crash between the two leaves
/// prepared entries; <see cref="ReconcileAsync"/> at the next start commits those whose
/// channel state reached the commitment that holds them, and drops the others (their save
/// never became durable, so nothing was committed). A sequence is therefore never shown
/// before it is durable, never reused, and every committed transfer gets exactly one.
/// SQLite, WAL, synchronous=FULL (DESIGN.md decision 4).
/// </summary>
public sealed partial class TransferJournal : IDisposable
{
    private readonly SqliteConnection _writer;
    private readonly string _readConnectionString;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly ConcurrentDictionary<ChannelId, ChannelTotals> _totals = new();
    private readonly TimeProvider _time;
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastSequence;
    private long _commits;
    private long _entries;

    private TransferJournal(SqliteConnection writer, string readConnectionString, TimeProvider time)
    {
        _writer = writer;
        _readConnectionString = readConnectionString;
        _time = time;
    }

    /// <summary>The newest sequence number; 0 when nothing was journaled.</summary>
    public ulong LastSequence => (ulong)Interlocked.Read(ref _lastSequence);

    /// <summary>Journal transactions committed (fsyncs) and entries committed, for the metrics.</summary>
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
            Execute(writer, """
                PRAGMA journal_mode=WAL;
                PRAGMA synchronous=FULL;
                CREATE TABLE IF NOT EXISTS transfers(
                    seq INTEGER PRIMARY KEY,
                    channel_id BLOB NOT NULL,
                    meter BLOB NOT NULL,
                    direction INTEGER NOT NULL,
                    transfer_id INTEGER NOT NULL,
                    amount_msat INTEGER NOT NULL,
                    reading BLOB NOT NULL,
                    local_commitment INTEGER NOT NULL,
                    committed_at_ms INTEGER NOT NULL,
                    UNIQUE(channel_id, direction, transfer_id));
                CREATE TABLE IF NOT EXISTS prepared(
                    channel_key BLOB NOT NULL,
                    channel_id BLOB NOT NULL,
                    meter BLOB NOT NULL,
                    direction INTEGER NOT NULL,
                    transfer_id INTEGER NOT NULL,
                    amount_msat INTEGER NOT NULL,
                    reading BLOB NOT NULL,
                    local_commitment INTEGER NOT NULL,
                    target_commitment INTEGER NOT NULL,
                    PRIMARY KEY(channel_id, direction, transfer_id));
                """);
            var journal = new TransferJournal(writer, new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString(), time);
            journal.LoadTotals();
            return journal;
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    /// <summary>Durably notes <paramref name="entries"/> as about to be committed by the channel save that follows; <paramref name="channelKey"/> is its store key.</summary>
    public async Task PrepareAsync(ChannelKey channelKey, IReadOnlyList<(JournaledTransfer Entry, ulong TargetCommitment)> entries, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = _writer.BeginTransaction();
            using var insert = _writer.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT OR REPLACE INTO prepared(channel_key, channel_id, meter, direction, transfer_id, amount_msat, reading, local_commitment, target_commitment)
                VALUES ($key, $channel, $meter, $direction, $id, $amount, $reading, $local, $target)
                """;
            foreach (var (entry, target) in entries)
            {
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$key", channelKey.ToArray());
                AddEntry(insert, entry);
                insert.Parameters.AddWithValue("$target", checked((long)target));
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>
    /// The channel save that commits <paramref name="entries"/> is durable: number them, store
    /// them (durable), then show them to subscribers. Returns them with their sequence numbers.
    /// </summary>
    public async Task<IReadOnlyList<JournaledTransfer>> CommitAsync(IReadOnlyList<JournaledTransfer> entries, CancellationToken cancellationToken)
    {
        List<JournaledTransfer> committed;
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            committed = CommitLocked(entries);
        }
        finally
        {
            _writing.Release();
        }

        Publish(committed);
        return committed;
    }

    /// <summary>
    /// At start, before any channel runs: every prepared entry whose channel's stored state
    /// reached its commitment is committed (its save became durable before the crash); the
    /// rest are dropped. <paramref name="reached"/> gives the commitment number a channel's
    /// stored state holds for a direction (<see cref="CompletedTransfers.Reached"/>), null when
    /// nothing is stored. Returns how many were committed.
    /// </summary>
    public async Task<int> ReconcileAsync(Func<ChannelKey, JournalDirection, ValueTask<ulong?>> reached, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reached);
        var prepared = new List<(ChannelKey Key, JournaledTransfer Entry, ulong Target)>();
        using (var select = _writer.CreateCommand())
        {
            select.CommandText = "SELECT channel_key, channel_id, meter, direction, transfer_id, amount_msat, reading, local_commitment, target_commitment FROM prepared ORDER BY rowid";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                var entry = new JournaledTransfer(0, new ChannelId((byte[])reader[1]), PublicKey.FromBytes((byte[])reader[2]), (JournalDirection)reader.GetInt32(3),
                    (ulong)reader.GetInt64(4), (ulong)reader.GetInt64(5), DecodeReading((byte[])reader[6]), (ulong)reader.GetInt64(7), 0);
                prepared.Add((new ChannelKey((byte[])reader[0]), entry, (ulong)reader.GetInt64(8)));
            }
        }

        var durable = new List<JournaledTransfer>();
        foreach (var (key, entry, target) in prepared)
        {
            if (await reached(key, entry.Direction).ConfigureAwait(false) is { } number && number >= target)
            {
                durable.Add(entry with { CommittedAtMs = _time.GetUtcNow().ToUnixTimeMilliseconds() });
            }
        }

        List<JournaledTransfer> committed;
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            committed = CommitLocked(durable);
            Execute(_writer, "DELETE FROM prepared");
        }
        finally
        {
            _writing.Release();
        }

        Publish(committed);
        return committed.Count;
    }

    /// <summary>Up to <paramref name="max"/> entries with sequence above <paramref name="after"/>, in order.</summary>
    public IReadOnlyList<JournaledTransfer> ReadAfter(ulong after, int max, ChannelId? channel = null, PublicKey? meter = null)
    {
        using var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        using var select = connection.CreateCommand();
        select.CommandText = $"""
            SELECT seq, channel_id, meter, direction, transfer_id, amount_msat, reading, local_commitment, committed_at_ms FROM transfers
            WHERE seq > $after {(channel is null ? "" : "AND channel_id = $channel")} {(meter is null ? "" : "AND meter = $meter")}
            ORDER BY seq LIMIT $max
            """;
        select.Parameters.AddWithValue("$after", checked((long)after));
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

    /// <summary>Completes when an entry above <paramref name="after"/> exists (at once if one does).</summary>
    public Task WaitForAfterAsync(ulong after, CancellationToken cancellationToken)
    {
        var appended = Volatile.Read(ref _appended);
        return LastSequence > after ? Task.CompletedTask : appended.Task.WaitAsync(cancellationToken);
    }

    /// <summary>What the journal holds of one channel.</summary>
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

    private List<JournaledTransfer> CommitLocked(IReadOnlyList<JournaledTransfer> entries)
    {
        var committed = new List<JournaledTransfer>(entries.Count);
        if (entries.Count == 0)
        {
            return committed;
        }

        using var transaction = _writer.BeginTransaction();
        using var insert = _writer.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT OR IGNORE INTO transfers(channel_id, meter, direction, transfer_id, amount_msat, reading, local_commitment, committed_at_ms)
            VALUES ($channel, $meter, $direction, $id, $amount, $reading, $local, $at);
            SELECT CASE WHEN changes() = 1 THEN last_insert_rowid() ELSE 0 END;
            """;
        using var delete = _writer.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM prepared WHERE channel_id = $channel AND direction = $direction AND transfer_id = $id";
        foreach (var entry in entries)
        {
            insert.Parameters.Clear();
            AddEntry(insert, entry);
            insert.Parameters.AddWithValue("$at", entry.CommittedAtMs);
            long sequence = (long)insert.ExecuteScalar()!;
            delete.Parameters.Clear();
            delete.Parameters.AddWithValue("$channel", entry.ChannelId.ToArray());
            delete.Parameters.AddWithValue("$direction", (int)entry.Direction);
            delete.Parameters.AddWithValue("$id", checked((long)entry.TransferId));
            delete.ExecuteNonQuery();
            if (sequence > 0)
            {
                // Already journaled (the same commitment reached twice) gives 0: never a second sequence.
                committed.Add(entry with { Sequence = (ulong)sequence });
            }
        }

        transaction.Commit();
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _entries, committed.Count);
        return committed;
    }

    private void Publish(List<JournaledTransfer> committed)
    {
        if (committed.Count == 0)
        {
            return;
        }

        foreach (var entry in committed)
        {
            _totals.AddOrUpdate(entry.ChannelId, _ => ChannelTotals.None.With(entry), (_, totals) => totals.With(entry));
        }

        Interlocked.Exchange(ref _lastSequence, Math.Max(Interlocked.Read(ref _lastSequence), (long)committed[^1].Sequence));
        Interlocked.Exchange(ref _appended, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        Committed?.Invoke(committed);
    }

    private void LoadTotals()
    {
        using var select = _writer.CreateCommand();
        select.CommandText = "SELECT seq, channel_id, meter, direction, transfer_id, amount_msat, reading, local_commitment, committed_at_ms FROM transfers ORDER BY seq";
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            var entry = ReadEntry(reader);
            _totals.AddOrUpdate(entry.ChannelId, _ => ChannelTotals.None.With(entry), (_, totals) => totals.With(entry));
            _lastSequence = (long)entry.Sequence;
        }
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

    private static JournaledTransfer ReadEntry(SqliteDataReader reader) => new(
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

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
