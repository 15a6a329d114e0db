namespace Microchannels.Channels.Store;

/// <summary>
/// The file is not a readable channel store: not SQLite at all, damaged pages, another
/// application's database, or rows that break the store's own constraints. Nothing is
/// written to it; restore from a backup.
/// </summary>
public sealed class CorruptChannelStoreException : ChannelStoreException
{
    public CorruptChannelStoreException()
    {
    }

    public CorruptChannelStoreException(string message)
        : base(message)
    {
    }

    public CorruptChannelStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
