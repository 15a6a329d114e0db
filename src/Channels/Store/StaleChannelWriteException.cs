namespace Microchannels.Channels.Store;

/// <summary>
/// A save carried a version not strictly greater than the one stored for the channel,
/// and was refused without changing anything. This is what a restarted or duplicated
/// shell looks like when it writes from an older state; letting the older state win
/// could later make us broadcast a revoked commitment (BOLT 5, "Revoked Transaction
/// Close Handling": the peer then takes every output). The shell must drop its copy
/// of the channel and reload it from the store.
/// </summary>
public sealed class StaleChannelWriteException : ChannelStoreException
{
    public StaleChannelWriteException()
    {
    }

    public StaleChannelWriteException(string message)
        : base(message)
    {
    }

    public StaleChannelWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StaleChannelWriteException(ChannelKey channelId, ulong storedVersion, ulong attemptedVersion)
        : base($"Channel {channelId}: version {attemptedVersion} is not newer than stored version {storedVersion}.")
    {
        ChannelId = channelId;
        StoredVersion = storedVersion;
        AttemptedVersion = attemptedVersion;
    }

    public ChannelKey ChannelId { get; }

    public ulong StoredVersion { get; }

    public ulong AttemptedVersion { get; }
}
