using Microchannels.Bitcoin;

namespace Microchannels.Channels.Engine.Persistence;

/// <summary>
/// Raised when bytes that claim to be a stored channel state are not one. The codec
/// throws this type and nothing else for bad input, so the shell can tell a damaged
/// record (refuse to operate the channel, restore from a backup, never sign from a
/// guessed state: DESIGN.md decision 4) from a bug. It derives from
/// <see cref="BitcoinFormatException"/> like every other parser's error, but not from
/// the wire layer's: these bytes come from our own disk, not from a peer.
/// </summary>
public sealed class ChannelStateFormatException : BitcoinFormatException
{
    public ChannelStateFormatException()
    {
    }

    public ChannelStateFormatException(string message)
        : base(message)
    {
    }

    public ChannelStateFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ChannelStateFormatException(ChannelStateFormatReason reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public ChannelStateFormatException(ChannelStateFormatReason reason, string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>The rule the bytes broke.</summary>
    public ChannelStateFormatReason Reason { get; }
}
