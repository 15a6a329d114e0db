using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Microchannels.Channels.Store;

/// <summary>Group commit: one writer, one transaction (one fsync) per drained batch.</summary>
public sealed partial class SqliteChannelStore
{
    private readonly SqliteConnection _writer;
    private readonly SqliteCommand _selectVersion;
    private readonly SqliteCommand _upsert;
    private readonly SqliteCommand _delete;
    private readonly Channel<PendingWrite> _queue;
    private readonly Task _writerTask;
    private ChannelStoreException? _fault;
    private long _recordsWritten;
    private long _recordsDeleted;
    private long _staleWritesRejected;
    private long _transactionsCommitted;

    private ValueTask Enqueue(PendingWrite write, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _fault) is { } fault)
        {
            return ValueTask.FromException(Refused(fault));
        }

        // TryWrite fails only once dispose has completed the queue.
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(write), this);
        return new ValueTask(write.Completion.Task.WaitAsync(cancellationToken));
    }

    private async Task RunWriterAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingWrite>(_options.MaxBatchSize);

        // Whatever queued while the previous commit was syncing forms the next batch:
        // the busier the node, the more saves share one fsync.
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            CommitBatch(batch);
            batch.Clear();
        }
    }

    private void CommitBatch(List<PendingWrite> batch)
    {
        if (_fault is { } fault)
        {
            FailAll(batch, Refused(fault));
            return;
        }

        var stale = new StaleChannelWriteException?[batch.Count];
        long written = 0;
        long deleted = 0;
        long refusedCount = 0;
        try
        {
            // BEGIN IMMEDIATE takes the write lock before the versions are read, so no
            // other connection (a duplicated shell in another process) can slip a
            // write between our version check and our upsert.
            using var transaction = _writer.BeginTransaction(deferred: false);
            _selectVersion.Transaction = transaction;
            _upsert.Transaction = transaction;
            _delete.Transaction = transaction;
            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

            // In queue order: later saves of a channel in this batch see the earlier ones.
            for (int i = 0; i < batch.Count; i++)
            {
                var write = batch[i];
                if (write.State is null)
                {
                    deleted += Delete(write.ChannelId);
                }
                else if ((stale[i] = Save(write, now)) is null)
                {
                    written++;
                }
                else
                {
                    refusedCount++;
                }
            }

            transaction.Commit();
        }
        catch (Exception exception)
        {
            // The disk's state is now uncertain: stop accepting writes (fail-stop)
            // rather than acknowledge later saves on top of it.
            var error = new ChannelStoreException(
                $"Writing {batch.Count} channel records to '{_path}' failed; none of them may be assumed stored.",
                exception);
            Volatile.Write(ref _fault, error);
            FailAll(batch, error);
            return;
        }

        Interlocked.Add(ref _recordsWritten, written);
        Interlocked.Add(ref _recordsDeleted, deleted);
        Interlocked.Add(ref _staleWritesRejected, refusedCount);
        Interlocked.Increment(ref _transactionsCommitted);
        for (int i = 0; i < batch.Count; i++)
        {
            if (stale[i] is { } refused)
            {
                batch[i].Completion.TrySetException(refused);
            }
            else
            {
                batch[i].Completion.TrySetResult();
            }
        }
    }

    private StaleChannelWriteException? Save(PendingWrite write, long now)
    {
        byte[] id = write.ChannelId.ToArray();
        _selectVersion.Parameters["$id"].Value = id;
        ulong? storedVersion = _selectVersion.ExecuteScalar() is long stored ? (ulong)stored : null;
        if (ChannelVersionRule.Check(write.ChannelId, storedVersion, write.Version) is { } stale)
        {
            return stale;
        }

        _upsert.Parameters["$id"].Value = id;
        _upsert.Parameters["$version"].Value = (long)write.Version;
        _upsert.Parameters["$state"].Value = write.State;
        _upsert.Parameters["$now"].Value = now;

        // The upsert repeats the version rule in SQL; it can only refuse if the row
        // changed under our write lock, which SQLite's locking rules out.
        if (_upsert.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException($"Channel {write.ChannelId}: the stored version changed inside the write transaction.");
        }

        return null;
    }

    private int Delete(ChannelKey channelId)
    {
        _delete.Parameters["$id"].Value = channelId.ToArray();
        return _delete.ExecuteNonQuery();
    }

    private static void FailAll(List<PendingWrite> batch, Exception error)
    {
        foreach (var write in batch)
        {
            write.Completion.TrySetException(error);
        }
    }

    private static ChannelStoreException Refused(ChannelStoreException fault) =>
        new("The channel store stopped accepting writes after a failed commit.", fault);

    /// <summary>A queued save (<see cref="State"/> set) or delete (<see cref="State"/> null).</summary>
    private sealed class PendingWrite(ChannelKey channelId, ulong version, byte[]? state)
    {
        public ChannelKey ChannelId { get; } = channelId;

        public ulong Version { get; } = version;

        public byte[]? State { get; } = state;

        // Completed by the writer: continuations must not run on (and stall) the writer.
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
