namespace Microchannels.Channels.Store;

/// <summary>
/// Durable storage of channel states. DESIGN.md decision 4, "Nothing is sent before
/// it is durable": the shell awaits <see cref="SaveAsync"/> before it sends any
/// message the new state produced, so a completed save must mean the record
/// survives a crash or power loss.
/// </summary>
public interface IChannelStore : IAsyncDisposable
{
    /// <summary>
    /// Stores <paramref name="record"/>, replacing the channel's previous record.
    /// Completes only once the record is durable. Fails with
    /// <see cref="StaleChannelWriteException"/>, storing nothing, when
    /// <see cref="ChannelRecord.Version"/> is not strictly greater than the stored
    /// version. The bytes of <see cref="ChannelRecord.State"/> are copied before this
    /// method returns. Cancelling stops the wait, not necessarily the write: a
    /// cancelled save may or may not have been stored, so nothing it covers may be sent.
    /// </summary>
    ValueTask SaveAsync(ChannelRecord record, CancellationToken cancellationToken = default);

    /// <summary>The channel's latest stored record, or null when none is stored.</summary>
    ValueTask<ChannelRecord?> LoadAsync(ChannelKey channelId, CancellationToken cancellationToken = default);

    /// <summary>Every stored record, in channel-key order (for restart: reestablish each channel).</summary>
    IAsyncEnumerable<ChannelRecord> LoadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Forgets a channel (closed and settled, or never funded). Durable on completion.
    /// Deleting a channel that is not stored does nothing. After a delete the channel
    /// has no stored version, so any version may be saved under its key again.
    /// </summary>
    ValueTask DeleteAsync(ChannelKey channelId, CancellationToken cancellationToken = default);
}
