using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>A message addressed to another channel reached this one.</summary>
public sealed class WrongChannelException : ChannelException
{
    public WrongChannelException(ChannelId channelId, ChannelId received)
        : base(channelId, $"Message for channel {received} delivered to channel {channelId}.")
    {
    }
}
