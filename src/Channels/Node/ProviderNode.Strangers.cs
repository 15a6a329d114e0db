using System.Collections.Concurrent;
using Microchannels.Channels.Store;

namespace Microchannels.Channels.Node;

/// <summary>
/// Pruning what a meter that never funded leaves behind: a stranger with a fresh BOLT 8
/// identity costs nothing, so its first abandoned opening must not leave a record forever.
/// </summary>
public sealed partial class ProviderNode
{
    private readonly ConcurrentDictionary<HostedChannel, SaveWatchingStore> _unstoredOpenings = new();
    private long _prunedStrangers;

    /// <summary>Meters whose records were pruned since start (their nonce mark and learnt reading key).</summary>
    public long PrunedStrangerCount => Interlocked.Read(ref _prunedStrangers);

    /// <summary>
    /// Forgets an aborted opening, then prunes its meter's records when nothing of ours was
    /// ever signed under its keys: its runner never began a save (we send <c>funding_signed</c>
    /// only once the opening is stored, BOLT 2 "The funding_signed Message" and DESIGN.md
    /// decision 4), and it was the meter's first channel (counter 0), so no other record
    /// depends on the mark. Showing the same basepoints again to that meter is then harmless:
    /// <c>accept_channel</c> reveals only public points. Once a save began, the mark stays, so
    /// the keys are never reused (a commitment of the old channel could spend a new funding
    /// output with the same script). Only strangers (admitted by
    /// <see cref="ProviderNodeOptions.OpenAdmission"/>, not listed) are pruned; their reading
    /// key, learnt at an opening that never completed, is forgotten too.
    /// </summary>
    private async Task ForgetAbandonedAsync(HostedChannel hosted)
    {
        // Read before forgetting drops it; a save that begins later cannot: the channel is aborted.
        bool signedNothing = _unstoredOpenings.TryGetValue(hosted, out var watch) && !watch.SaveBegun;
        await ForgetAsync(hosted).ConfigureAwait(false);
        if (!signedNothing || Signing.PeerChannelSigners.Counter(hosted.Nonce) != 0 || _options.AllowedMeters?.Contains(hosted.Peer) == true)
        {
            // A listed meter keeps its records (its learnt reading key stays pinned): the list bounds them.
            return;
        }

        // Serialised with admission: a new opening of this meter decides its counter from the mark.
        await _admission.WaitAsync(_stop.Token).ConfigureAwait(false);
        try
        {
            var meter = hosted.Peer;
            if (_channels.ContainsKey(meter) || !_nonceCounters.TryGetValue(meter, out ulong counter) || counter != 0)
            {
                return;
            }

            await _store.DeleteAsync(PeerNonceMark.KeyOf(meter), _stop.Token).ConfigureAwait(false);
            _nonceCounters.TryRemove(meter, out _);
            if (_readingKeys.ContainsKey(meter))
            {
                // Learnt at this opening (its first channel); nothing was signed over it. A
                // configured key (ProviderNodeOptions.MeterReadingKeys) is not a record.
                await _store.DeleteAsync(MeterReadingKeyPin.KeyOf(meter), _stop.Token).ConfigureAwait(false);
                _readingKeys.TryRemove(meter, out _);
            }

            Interlocked.Increment(ref _prunedStrangers);
        }
        catch (ChannelStoreException)
        {
            // The records stay (harmless: the next opening only skips a counter); it is not retried.
        }
        finally
        {
            _admission.Release();
        }
    }

    /// <summary>The node's store as one new opening's runner sees it: notes that a save began, before it begins.</summary>
    private sealed class SaveWatchingStore(IChannelStore inner) : IChannelStore
    {
        private int _saveBegun;

        public bool SaveBegun => Volatile.Read(ref _saveBegun) != 0;

        public ValueTask SaveAsync(ChannelRecord record, CancellationToken cancellationToken = default)
        {
            Volatile.Write(ref _saveBegun, 1);
            return inner.SaveAsync(record, cancellationToken);
        }

        public ValueTask<ChannelRecord?> LoadAsync(ChannelKey channelId, CancellationToken cancellationToken = default) => inner.LoadAsync(channelId, cancellationToken);

        public IAsyncEnumerable<ChannelRecord> LoadAllAsync(CancellationToken cancellationToken = default) => inner.LoadAllAsync(cancellationToken);

        public ValueTask DeleteAsync(ChannelKey channelId, CancellationToken cancellationToken = default) => inner.DeleteAsync(channelId, cancellationToken);

        /// <summary>The node owns the store.</summary>
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
