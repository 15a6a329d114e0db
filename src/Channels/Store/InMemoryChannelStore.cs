using System.Runtime.CompilerServices;

namespace Microchannels.Channels.Store;

/// <summary>
/// A channel store in process memory, with the same rules as
/// <see cref="SqliteChannelStore"/> (strictly increasing versions, copied bytes) but no
/// durability: for deterministic engine tests, never for real channels.
/// </summary>
public sealed class InMemoryChannelStore : IChannelStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ChannelKey, ChannelRecord> _records = [];
    private bool _disposed;

    public ValueTask SaveAsync(ChannelRecord record, CancellationToken cancellationToken = default)
    {
        ChannelVersionRule.ValidateRecord(record);
        cancellationToken.ThrowIfCancellationRequested();

        // Copy first: the caller keeps its buffer and may reuse it.
        var stored = record with { State = record.State.ToArray() };
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ulong? storedVersion = _records.TryGetValue(record.ChannelId, out var current) ? current.Version : null;
            var stale = ChannelVersionRule.Check(record.ChannelId, storedVersion, record.Version);
            if (stale is not null)
            {
                return ValueTask.FromException(stale);
            }

            _records[record.ChannelId] = stored;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<ChannelRecord?> LoadAsync(ChannelKey channelId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return ValueTask.FromResult(_records.GetValueOrDefault(channelId));
        }
    }

    public async IAsyncEnumerable<ChannelRecord> LoadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChannelRecord[] snapshot;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            snapshot = [.. _records.Values];
        }

        // Same order as the SQLite store's primary key: bytewise on the key.
        Array.Sort(snapshot, static (a, b) => CompareKeys(a.ChannelId, b.ChannelId));
        foreach (var record in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
        }
    }

    public ValueTask DeleteAsync(ChannelKey channelId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _records.Remove(channelId);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        return ValueTask.CompletedTask;
    }

    private static int CompareKeys(ChannelKey a, ChannelKey b)
    {
        Span<byte> x = stackalloc byte[ChannelKey.Size];
        Span<byte> y = stackalloc byte[ChannelKey.Size];
        a.CopyTo(x);
        b.CopyTo(y);
        return x.SequenceCompareTo(y);
    }
}
