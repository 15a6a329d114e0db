namespace Microchannels.Channels.Store;

/// <summary>
/// The channel store cannot guarantee durability: it could not be opened with the
/// settings that make a commit durable, or a write failed and the store stopped
/// accepting writes. The node must stop sending channel messages until an operator
/// has looked at the disk.
/// </summary>
public class ChannelStoreException : Exception
{
    public ChannelStoreException()
    {
    }

    public ChannelStoreException(string message)
        : base(message)
    {
    }

    public ChannelStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
