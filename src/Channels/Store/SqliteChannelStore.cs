using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Microchannels.Channels.Store;

/// <summary>
/// The embedded channel store (DESIGN.md decision 4): SQLite in WAL mode with
/// synchronous=FULL, so a committed transaction survives power loss. Saves are group
/// committed: one writer drains every queued save into one transaction, so thousands
/// of channels share each fsync. Reads use their own read-only connections and never
/// wait for the writer (WAL readers see the last committed snapshot).
/// </summary>
public sealed partial class SqliteChannelStore : IChannelStore
{
    private readonly SqliteChannelStoreOptions _options;
    private readonly string _path;
    private readonly string _readConnectionString;
    private int _disposed;

    private SqliteChannelStore(SqliteChannelStoreOptions options, string path, SqliteConnection writer, string readConnectionString)
    {
        _options = options;
        _path = path;
        _writer = writer;
        _readConnectionString = readConnectionString;
        _selectVersion = CreateCommand(writer, "SELECT version FROM channels WHERE channel_id = $id", "$id");
        _upsert = CreateCommand(
            writer,
            """
            INSERT INTO channels (channel_id, version, state, updated_at) VALUES ($id, $version, $state, $now)
            ON CONFLICT (channel_id) DO UPDATE SET version = excluded.version, state = excluded.state, updated_at = excluded.updated_at
            WHERE excluded.version > channels.version
            """,
            "$id",
            "$version",
            "$state",
            "$now");
        _delete = CreateCommand(writer, "DELETE FROM channels WHERE channel_id = $id", "$id");
        _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
        _writerTask = Task.Run(RunWriterAsync);
    }

    /// <summary>Counters of the writer since the store was opened.</summary>
    public StoreStatistics Statistics => new(
        Interlocked.Read(ref _recordsWritten),
        Interlocked.Read(ref _recordsDeleted),
        Interlocked.Read(ref _staleWritesRejected),
        Interlocked.Read(ref _transactionsCommitted));

    /// <summary>The writer connection's journal mode, as read back when the store was opened.</summary>
    internal string WriterJournalMode { get; private init; } = "";

    /// <summary>The writer connection's <c>PRAGMA synchronous</c> level, as read back when the store was opened.</summary>
    internal long WriterSynchronous { get; private init; }

    /// <summary>
    /// Opens (creating if missing) the store at <see cref="SqliteChannelStoreOptions.Path"/>.
    /// Throws <see cref="CorruptChannelStoreException"/> for a file that is not a readable
    /// channel store, <see cref="UnsupportedChannelStoreSchemaException"/> for one written
    /// by a newer release, and <see cref="ChannelStoreException"/> when durability
    /// settings cannot be applied or the file cannot be opened.
    /// </summary>
    public static SqliteChannelStore Open(SqliteChannelStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string path = Path.GetFullPath(options.Path);
        int timeoutSeconds = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds);
        string writeConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = timeoutSeconds,
        }.ToString();
        string readConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
            DefaultTimeout = timeoutSeconds,
        }.ToString();

        var writer = new SqliteConnection(writeConnectionString);
        try
        {
            writer.Open();
            var (journalMode, synchronous) = SqliteChannelSchema.Prepare(writer, options.BusyTimeout);
            return new SqliteChannelStore(options, path, writer, readConnectionString)
            {
                WriterJournalMode = journalMode,
                WriterSynchronous = synchronous,
            };
        }
        catch (SqliteException exception)
        {
            writer.Dispose();
            throw SqliteChannelSchema.Translate(exception, path);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    public ValueTask SaveAsync(ChannelRecord record, CancellationToken cancellationToken = default)
    {
        ChannelVersionRule.ValidateRecord(record);
        cancellationToken.ThrowIfCancellationRequested();

        // Copy now: the caller may reuse its buffer as soon as this call returns.
        return Enqueue(new PendingWrite(record.ChannelId, record.Version, record.State.ToArray()), cancellationToken);
    }

    public ValueTask DeleteAsync(ChannelKey channelId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Enqueue(new PendingWrite(channelId, 0, state: null), cancellationToken);
    }

    public ValueTask<ChannelRecord?> LoadAsync(ChannelKey channelId, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT channel_id, version, state FROM channels WHERE channel_id = $id";
        command.Parameters.Add("$id", SqliteType.Blob).Value = channelId.ToArray();
        using var reader = Query(command);
        return ValueTask.FromResult(ReadNext(reader) ? ReadRecord(reader) : null);
    }

    public async IAsyncEnumerable<ChannelRecord> LoadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        // One SELECT in WAL mode reads one committed snapshot, whatever the writer does meanwhile.
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT channel_id, version, state FROM channels ORDER BY channel_id";
        using var reader = Query(command);
        while (ReadNext(reader))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return ReadRecord(reader);
        }
    }

    /// <summary>Completes every queued write, then closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _writerTask.ConfigureAwait(false);
        _selectVersion.Dispose();
        _upsert.Dispose();
        _delete.Dispose();
        await _writer.DisposeAsync().ConfigureAwait(false);

        // Close idle pooled readers, so the file is released when dispose returns.
        using var pooled = new SqliteConnection(_readConnectionString);
        SqliteConnection.ClearPool(pooled);
    }

    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_readConnectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch (SqliteException exception)
        {
            connection.Dispose();
            throw SqliteChannelSchema.Translate(exception, _path);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private SqliteDataReader Query(SqliteCommand command)
    {
        try
        {
            return command.ExecuteReader();
        }
        catch (SqliteException exception)
        {
            throw SqliteChannelSchema.Translate(exception, _path);
        }
    }

    private bool ReadNext(SqliteDataReader reader)
    {
        try
        {
            return reader.Read();
        }
        catch (SqliteException exception)
        {
            throw SqliteChannelSchema.Translate(exception, _path);
        }
    }

    private static ChannelRecord ReadRecord(SqliteDataReader reader)
    {
        // The table's CHECK constraints guarantee these shapes; a row that breaks them was not written by us.
        if (reader.GetValue(0) is not byte[] { Length: ChannelKey.Size } key
            || reader.GetValue(1) is not long version || version < 0
            || reader.GetValue(2) is not byte[] state)
        {
            throw new CorruptChannelStoreException("A row of the channels table does not have the shape the store writes.");
        }

        return new ChannelRecord(new ChannelKey(key), (ulong)version, state);
    }

    private static SqliteCommand CreateCommand(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (string name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}
