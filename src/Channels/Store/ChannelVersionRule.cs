namespace Microchannels.Channels.Store;

/// <summary>
/// The one rule every <see cref="IChannelStore"/> applies to a save: the version must
/// be strictly greater than the stored one, so an older state can never overwrite a
/// newer one. Kept in one place so every store enforces exactly the same rule.
/// </summary>
internal static class ChannelVersionRule
{
    /// <summary>
    /// The largest version a store accepts: SQLite's INTEGER is a signed 64-bit value,
    /// and every store refuses the same versions.
    /// </summary>
    public const ulong MaxVersion = long.MaxValue;

    /// <summary>Throws for a record no store may hold, before anything is queued.</summary>
    public static void ValidateRecord(ChannelRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(record.Version, MaxVersion, nameof(record));
    }

    /// <summary>
    /// Null when a save of <paramref name="attemptedVersion"/> may replace
    /// <paramref name="storedVersion"/> (null: nothing stored); otherwise the exception
    /// to fail that save with.
    /// </summary>
    public static StaleChannelWriteException? Check(ChannelKey channelId, ulong? storedVersion, ulong attemptedVersion) =>
        storedVersion is { } stored && attemptedVersion <= stored
            ? new StaleChannelWriteException(channelId, stored, attemptedVersion)
            : null;
}
