using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microchannels.Channels.Node;
using Microchannels.Channels.Store;

namespace Microchannels.Provider.Journal;

/// <summary>
/// The provider node's store, seen by the daemon: every save passes to the real store, and
/// around each save that commits transfers (<see cref="CompletedTransfers"/>) the journal is
/// prepared before and committed after. It also keeps every channel's last stored state (the
/// channel directory reads it, archived channels included) and says when one changed.
/// </summary>
public sealed class JournalingChannelStore : IChannelStore
{
    private readonly IChannelStore _inner;
    private readonly TransferJournal _journal;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<ChannelKey, StoredChannel> _stored = new();

    public JournalingChannelStore(IChannelStore inner, TransferJournal journal, TimeProvider time)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _journal = journal ?? throw new ArgumentNullException(nameof(journal));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Raised after a channel's new state is durable (and its transfers journaled), with the state it replaced (null if new).</summary>
    public event Action<StoredChannel?, StoredChannel>? Saved;

    /// <summary>Raised after a channel record was deleted (an opening forgotten).</summary>
    public event Action<StoredChannel>? Deleted;

    /// <summary>Every channel as last stored.</summary>
    public ICollection<StoredChannel> Channels => _stored.Values;

    public async ValueTask SaveAsync(ChannelRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!PeerChannelRecord.IsChannelRecord(record.State.Span))
        {
            await _inner.SaveAsync(record, cancellationToken).ConfigureAwait(false);
            return;
        }

        var (meter, _, state) = PeerChannelRecord.Decode(record.State.Span);
        _stored.TryGetValue(record.ChannelId, out var before);
        var completed = CompletedTransfers.Between(before?.State, state);
        List<JournaledTransfer>? entries = null;
        if (completed.Count > 0)
        {
            long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            ulong local = state.CommitmentsOrNull!.LocalCommit.Index;
            entries = [.. completed.Select(c => new JournaledTransfer(0, state.ChannelId, meter, c.Direction, c.Transfer.Id, c.Transfer.Amount.Value, c.Transfer.Reading, local, now))];
            await _journal.PrepareAsync(record.ChannelId, [.. entries.Select(e => (e, CompletedTransfers.Reached(state, e.Direction)))], cancellationToken).ConfigureAwait(false);
        }

        await _inner.SaveAsync(record, cancellationToken).ConfigureAwait(false);
        var after = new StoredChannel(record.ChannelId, meter, state);
        _stored[record.ChannelId] = after;
        if (entries is not null)
        {
            // Not cancellable: the save is durable, so its transfers are committed; a
            // crash here is what ReconcileAsync repairs.
            await _journal.CommitAsync(entries, CancellationToken.None).ConfigureAwait(false);
        }

        Saved?.Invoke(before, after);
    }

    public ValueTask<ChannelRecord?> LoadAsync(ChannelKey channelId, CancellationToken cancellationToken = default) =>
        _inner.LoadAsync(channelId, cancellationToken);

    public async IAsyncEnumerable<ChannelRecord> LoadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var record in _inner.LoadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (PeerChannelRecord.IsChannelRecord(record.State.Span))
            {
                var (meter, _, state) = PeerChannelRecord.Decode(record.State.Span);
                _stored[record.ChannelId] = new StoredChannel(record.ChannelId, meter, state);
            }

            yield return record;
        }
    }

    public async ValueTask DeleteAsync(ChannelKey channelId, CancellationToken cancellationToken = default)
    {
        await _inner.DeleteAsync(channelId, cancellationToken).ConfigureAwait(false);
        if (_stored.TryRemove(channelId, out var removed))
        {
            Deleted?.Invoke(removed);
        }
    }

    /// <summary>The stored state under <paramref name="key"/>, for the journal's reconciliation at start.</summary>
    public async ValueTask<Channels.Engine.StateMachine.ChannelState?> LoadStateAsync(ChannelKey key)
    {
        if (await _inner.LoadAsync(key).ConfigureAwait(false) is { } record && PeerChannelRecord.IsChannelRecord(record.State.Span))
        {
            return PeerChannelRecord.Decode(record.State.Span).State;
        }

        return null;
    }

    /// <summary>The inner store stays its owner's to dispose.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
