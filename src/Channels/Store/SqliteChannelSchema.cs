using Microsoft.Data.Sqlite;

namespace Microchannels.Channels.Store;

/// <summary>
/// Brings a freshly opened writer connection to a known state: durability pragmas
/// applied and verified, the file recognised as a channel store, the schema migrated
/// to <see cref="CurrentVersion"/>.
/// </summary>
internal static class SqliteChannelSchema
{
    // SQLite primary result codes (https://sqlite.org/rescode.html).
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    // SQLite "PRAGMA synchronous": 2 is FULL, which syncs the WAL at every commit.
    // NORMAL (1) in WAL mode may lose the last commits on power loss, which would
    // break DESIGN.md decision 4 (an acknowledged save must survive).
    private const long SynchronousFull = 2;

    // Migrations[i] takes the schema from version i to version i + 1. Append only:
    // a released step must never change, or stores already migrated would differ.
    private static readonly string[][] Migrations =
    [
        [
            """
            CREATE TABLE channels (
                channel_id BLOB PRIMARY KEY CHECK (typeof(channel_id) = 'blob' AND length(channel_id) = 32),
                version INTEGER NOT NULL CHECK (version >= 0),
                state BLOB NOT NULL,
                updated_at INTEGER NOT NULL
            )
            """,
        ],
    ];

    public static long CurrentVersion => Migrations.Length;

    /// <summary>Prepares the connection; returns the journal mode and synchronous level read back from it.</summary>
    public static (string JournalMode, long Synchronous) Prepare(SqliteConnection connection, TimeSpan busyTimeout)
    {
        Execute(connection, $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}");
        Execute(connection, "PRAGMA synchronous = FULL");
        long synchronous = Scalar<long>(connection, "PRAGMA synchronous");
        if (synchronous != SynchronousFull)
        {
            throw new ChannelStoreException($"SQLite did not apply synchronous=FULL (read back {synchronous}); commits would not be durable.");
        }

        Execute(connection, "PRAGMA foreign_keys = ON");
        if (Scalar<long>(connection, "PRAGMA foreign_keys") != 1)
        {
            throw new ChannelStoreException("SQLite did not apply foreign_keys=ON.");
        }

        // Read-only checks before anything is written: a file we refuse stays untouched.
        string check = Scalar<string>(connection, "PRAGMA quick_check");
        if (check != "ok")
        {
            throw new CorruptChannelStoreException($"SQLite quick_check failed: {check}");
        }

        ReadVersion(connection, transaction: null);

        string journalMode = Scalar<string>(connection, "PRAGMA journal_mode = WAL");
        if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new ChannelStoreException($"SQLite did not apply journal_mode=WAL (read back '{journalMode}').");
        }

        Migrate(connection);
        return (journalMode, synchronous);
    }

    /// <summary>Maps an SQLite failure to the store's typed errors.</summary>
    public static ChannelStoreException Translate(SqliteException exception, string path) =>
        (exception.SqliteErrorCode & 0xFF) is SqliteCorrupt or SqliteNotADatabase
            ? new CorruptChannelStoreException($"'{path}' is not a readable channel store: {exception.Message}", exception)
            : new ChannelStoreException($"The channel store '{path}' failed: {exception.Message}", exception);

    private static void Migrate(SqliteConnection connection)
    {
        // BEGIN IMMEDIATE: another process opening the same file migrates after us, not alongside.
        using var transaction = connection.BeginTransaction(deferred: false);
        long version = ReadVersion(connection, transaction);
        if (version == CurrentVersion)
        {
            return;
        }

        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)", transaction);
        for (long step = version; step < CurrentVersion; step++)
        {
            foreach (string statement in Migrations[step])
            {
                Execute(connection, statement, transaction);
            }
        }

        Execute(connection, $"INSERT INTO schema_version (id, version) VALUES (1, {CurrentVersion}) ON CONFLICT (id) DO UPDATE SET version = excluded.version", transaction);
        transaction.Commit();
    }

    /// <summary>The stored schema version, 0 for an empty file; throws for files that are not ours or too new.</summary>
    private static long ReadVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var tables = connection.CreateCommand();
        tables.Transaction = transaction;
        tables.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
        var names = new List<string>();
        using (var reader = tables.ExecuteReader())
        {
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
        }

        if (!names.Contains("schema_version"))
        {
            return names.Count == 0
                ? 0
                : throw new CorruptChannelStoreException($"The database holds tables ({string.Join(", ", names)}) but no schema_version: it is not a channel store.");
        }

        object? stored = Scalar<object?>(connection, "SELECT version FROM schema_version WHERE id = 1", transaction);
        if (stored is not long version || version < 1)
        {
            throw new CorruptChannelStoreException($"The schema_version table holds no valid version (found '{stored}').");
        }

        return version > CurrentVersion
            ? throw new UnsupportedChannelStoreSchemaException(version, CurrentVersion)
            : version;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static T Scalar<T>(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        object? value = command.ExecuteScalar();
        return value is DBNull ? default! : (T)value!;
    }
}
