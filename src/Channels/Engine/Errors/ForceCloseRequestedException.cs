using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>The reason recorded when our own operator asks for a unilateral close.</summary>
public sealed class ForceCloseRequestedException : ChannelException
{
    public ForceCloseRequestedException(ChannelId channelId, string reason)
        : base(channelId, $"Force close requested: {reason}")
    {
    }
}
