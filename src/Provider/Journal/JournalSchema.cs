using Microchannels.Channels.Store;
using Microsoft.Data.Sqlite;

namespace Microchannels.Provider.Journal;

/// <summary>The journal's SQLite tables and the statements <see cref="TransferJournal"/> runs on them.</summary>
internal static class JournalSchema
{
    /// <summary>
    /// <c>transfers</c>: every entry, shown or not, with the store key of the channel whose save
    /// commits it and the commitment number that save reaches (what reconciliation checks);
    /// <c>marks</c>: the visible mark. A journal of the earlier two-write layout (a
    /// <c>prepared</c> table) is converted when that table is empty.
    /// </summary>
    public static void Create(SqliteConnection connection)
    {
        Execute(connection, """
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
                channel_key BLOB NOT NULL DEFAULT x'',
                target_commitment INTEGER NOT NULL DEFAULT 0,
                UNIQUE(channel_id, direction, transfer_id));
            CREATE TABLE IF NOT EXISTS marks(name TEXT PRIMARY KEY, value INTEGER NOT NULL);
            """);
        if (Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'prepared'") > 0)
        {
            if (Scalar(connection, "SELECT count(*) FROM prepared") > 0)
            {
                throw new InvalidDataException("journal.db holds transfers prepared by an earlier version that stopped mid-save; start that version once so it reconciles them");
            }

            using var transaction = connection.BeginTransaction();
            if (Scalar(connection, "SELECT count(*) FROM pragma_table_info('transfers') WHERE name = 'channel_key'", transaction) == 0)
            {
                Execute(connection, "ALTER TABLE transfers ADD COLUMN channel_key BLOB NOT NULL DEFAULT x''; ALTER TABLE transfers ADD COLUMN target_commitment INTEGER NOT NULL DEFAULT 0;", transaction);
            }

            Execute(connection, "DROP TABLE prepared; INSERT OR REPLACE INTO marks(name, value) SELECT 'visible', coalesce(max(seq), 0) FROM transfers;", transaction);
            transaction.Commit();
        }
    }

    public static long ReadMark(SqliteConnection connection, string name)
    {
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT value FROM marks WHERE name = $name";
        select.Parameters.AddWithValue("$name", name);
        return select.ExecuteScalar() is long value ? value : 0;
    }

    public static void WriteMark(SqliteConnection connection, SqliteTransaction transaction, string name, long value)
    {
        using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = "INSERT OR REPLACE INTO marks(name, value) VALUES ($name, $value)";
        upsert.Parameters.AddWithValue("$name", name);
        upsert.Parameters.AddWithValue("$value", value);
        upsert.ExecuteNonQuery();
    }

    public static long MaxSequence(SqliteConnection connection) => Scalar(connection, "SELECT coalesce(max(seq), 0) FROM transfers");

    /// <summary>The entries above <paramref name="mark"/>, in order: those a crash may have left unfinished.</summary>
    public static List<(long Sequence, ChannelKey Key, ulong Target, JournaledTransfer Entry)> ReadTail(SqliteConnection connection, long mark)
    {
        using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT seq, channel_id, meter, direction, transfer_id, amount_msat, reading, local_commitment, committed_at_ms, channel_key, target_commitment
            FROM transfers WHERE seq > $mark ORDER BY seq
            """;
        select.Parameters.AddWithValue("$mark", mark);
        var tail = new List<(long, ChannelKey, ulong, JournaledTransfer)>();
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            var entry = TransferJournal.ReadEntry(reader);
            tail.Add(((long)entry.Sequence, new ChannelKey((byte[])reader[9]), (ulong)reader.GetInt64(10), entry));
        }

        return tail;
    }

    public static void Delete(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<long> sequences)
    {
        using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM transfers WHERE seq = $seq";
        var parameter = delete.Parameters.Add("$seq", SqliteType.Integer);
        foreach (long sequence in sequences)
        {
            parameter.Value = sequence;
            delete.ExecuteNonQuery();
        }
    }

    /// <summary>Moves entries down, in ascending order so each target number is free (deleted, or moved away just before).</summary>
    public static void Renumber(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<(long From, long To)> moves)
    {
        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE transfers SET seq = $to WHERE seq = $from";
        var from = update.Parameters.Add("$from", SqliteType.Integer);
        var to = update.Parameters.Add("$to", SqliteType.Integer);
        foreach (var move in moves.OrderBy(m => m.From))
        {
            from.Value = move.From;
            to.Value = move.To;
            update.ExecuteNonQuery();
        }
    }

    private static long Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
