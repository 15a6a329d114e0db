using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microchannels.Channels.Node;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Store;
using Microchannels.Channels.Wire;
using Microsoft.Data.Sqlite;

namespace Microchannels.Provider.Journal;

/// <summary>
/// The provider node's store, seen by the daemon: every save passes to the real store, and
/// before each save that commits transfers (<see cref="CompletedTransfers"/>) the journal writes
/// them, numbered (its one write), and shows them once the save is durable. It also keeps every
/// channel's last stored state (the channel directory reads it, archived channels included,
/// indexed by channel id and by meter) and says when one changed.
/// </summary>
public sealed class JournalingChannelStore : IChannelStore
{
    private readonly IChannelStore _inner;
    private readonly TransferJournal _journal;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<ChannelKey, StoredChannel> _stored = new();

    // The API's lookups in O(1): by the channel's current id (it changes once, from the
    // temporary id to the funding-derived one) and by meter (a meter has few channels).
    private readonly ConcurrentDictionary<ChannelId, ChannelKey> _byChannelId = new();
    private readonly ConcurrentDictionary<PublicKey, ImmutableArray<ChannelKey>> _byMeter = new();

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
        var prepared = PreparedTransfers.None;
        if (completed.Count > 0)
        {
            // The journal's one write for this save: numbered, durable, not shown yet.
            long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            ulong local = state.CommitmentsOrNull!.LocalCommit.Index;
            var entries = completed.Select(c => (new JournaledTransfer(0, state.ChannelId, meter, c.Direction, c.Transfer.Id, c.Transfer.Amount.Value, c.Transfer.Reading, local, now), CompletedTransfers.Reached(state, c.Direction))).ToList();
            prepared = await _journal.PrepareAsync(record.ChannelId, entries, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await _inner.SaveAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (prepared.Entries.Count > 0)
        {
            await ResolveFailedSaveAsync(record.ChannelId, prepared).ConfigureAwait(false);
            throw;
        }

        var after = new StoredChannel(record.ChannelId, meter, state);
        Index(before, after);

        // The save is durable, so its transfers are committed: shown now (in memory; a crash
        // before this line is what TransferJournal.ReconcileAsync repairs).
        _journal.Commit(prepared);
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
                _stored.TryGetValue(record.ChannelId, out var before);
                Index(before, new StoredChannel(record.ChannelId, meter, state));
            }

            yield return record;
        }
    }

    public async ValueTask DeleteAsync(ChannelKey channelId, CancellationToken cancellationToken = default)
    {
        await _inner.DeleteAsync(channelId, cancellationToken).ConfigureAwait(false);
        if (_stored.TryRemove(channelId, out var removed))
        {
            _byChannelId.TryRemove(new KeyValuePair<ChannelId, ChannelKey>(removed.State.ChannelId, channelId));
            _byMeter.AddOrUpdate(removed.Meter, [], (_, keys) => keys.Remove(channelId));
            Deleted?.Invoke(removed);
        }
    }

    /// <summary>The channel whose current id is <paramref name="channelId"/>, as last stored; one dictionary lookup.</summary>
    public StoredChannel? Find(ChannelId channelId) =>
        _byChannelId.TryGetValue(channelId, out var key) && _stored.TryGetValue(key, out var stored) && stored.State.ChannelId == channelId ? stored : null;

    /// <summary>Every channel stored with <paramref name="meter"/>, as last stored.</summary>
    public IEnumerable<StoredChannel> ChannelsOf(PublicKey meter)
    {
        if (!_byMeter.TryGetValue(meter, out var keys))
        {
            yield break;
        }

        foreach (var key in keys)
        {
            if (_stored.TryGetValue(key, out var stored))
            {
                yield return stored;
            }
        }
    }

    /// <summary>The commitment number the state stored under <paramref name="key"/> holds for <paramref name="direction"/>, for the journal's reconciliation at start.</summary>
    public async ValueTask<ulong?> ReachedAsync(ChannelKey key, JournalDirection direction)
    {
        if (await _inner.LoadAsync(key).ConfigureAwait(false) is { } record && PeerChannelRecord.IsChannelRecord(record.State.Span))
        {
            return CompletedTransfers.Reached(PeerChannelRecord.Decode(record.State.Span).State, direction);
        }

        return null;
    }

    /// <summary>
    /// A save failed after its entries were written: whether it became durable anyway is read
    /// back from the store. Durable: shown. Not: abandoned (deleted, later ones renumbered).
    /// When the store cannot even be read, they stay unshown until the next start reconciles them.
    /// </summary>
    private async Task ResolveFailedSaveAsync(ChannelKey key, PreparedTransfers prepared)
    {
        try
        {
            bool durable = true;
            foreach (var entry in prepared.Entries)
            {
                durable &= await ReachedAsync(key, entry.Current.Direction).ConfigureAwait(false) is { } reached && reached >= entry.Target;
            }

            if (durable)
            {
                _journal.Commit(prepared);
            }
            else
            {
                await _journal.AbandonAsync(prepared, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is ChannelStoreException or SqliteException or IOException)
        {
            // The store is failing: the next start decides from what is on disk.
        }
    }

    private void Index(StoredChannel? before, StoredChannel after)
    {
        _stored[after.Key] = after;
        if (before is not null && before.State.ChannelId != after.State.ChannelId)
        {
            _byChannelId.TryRemove(new KeyValuePair<ChannelId, ChannelKey>(before.State.ChannelId, after.Key));
        }

        _byChannelId[after.State.ChannelId] = after.Key;
        if (before is null)
        {
            _byMeter.AddOrUpdate(after.Meter, [after.Key], (_, keys) => keys.Contains(after.Key) ? keys : keys.Add(after.Key));
        }
    }

    /// <summary>The inner store stays its owner's to dispose.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
