using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>
/// A protocol rule the peer (or a local command) broke. One small subclass per
/// failure, carrying the values involved (eclair's ChannelExceptions, STYLE.md #8).
/// Channel state is immutable, so a step that throws leaves the channel exactly as
/// it was. <see cref="FailsChannel"/> says whether BOLT 2 requires failing the
/// channel or only rejecting the command.
/// </summary>
public abstract class ChannelException : Exception
{
    protected ChannelException(ChannelId channelId, string message)
        : base(message)
    {
        ChannelId = channelId;
    }

    protected ChannelException(ChannelId channelId, string message, Exception inner)
        : base(message, inner)
    {
        ChannelId = channelId;
    }

    public ChannelId ChannelId { get; }

    /// <summary>True when the peer broke the protocol and the channel must be failed; false for a refused local command.</summary>
    public virtual bool FailsChannel => true;
}
