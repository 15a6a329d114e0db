namespace Microchannels.Channels.Store;

/// <summary>Where and how <see cref="SqliteChannelStore"/> keeps its database.</summary>
/// <param name="Path">The database file; created, with its schema, if missing.</param>
public sealed record SqliteChannelStoreOptions(string Path)
{
    public const int DefaultMaxBatchSize = 512;

    /// <summary>The most saves committed in one transaction (one fsync).</summary>
    public int MaxBatchSize { get; init; } = DefaultMaxBatchSize;

    /// <summary>
    /// How long a statement waits for another connection's lock before it fails.
    /// SQLite's busy handler uses it to the millisecond; Microsoft.Data.Sqlite's own
    /// retry loop counts whole seconds, so the effective wait is rounded up to a second.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="ArgumentException"/> for options the store cannot honour.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            throw new ArgumentException("The channel store needs a database path.", nameof(Path));
        }

        // An in-memory database cannot be durable, and readers would each see a different one.
        if (Path.Trim() == ":memory:" || Path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("The channel store needs a plain file path, not an in-memory or URI database.", nameof(Path));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxBatchSize, 100_000, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(BusyTimeout, TimeSpan.Zero, nameof(BusyTimeout));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BusyTimeout, TimeSpan.FromSeconds(int.MaxValue / 1000), nameof(BusyTimeout));
    }
}
