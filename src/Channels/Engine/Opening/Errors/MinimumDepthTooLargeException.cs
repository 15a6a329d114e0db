using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening.Errors;

/// <summary>BOLT 2 "The accept_channel Message", receiver: "if minimum_depth is unreasonably large: MAY fail the channel".</summary>
public sealed class MinimumDepthTooLargeException : ChannelException
{
    public MinimumDepthTooLargeException(ChannelId channelId, uint minimumDepth, uint maximum)
        : base(channelId, $"minimum_depth {minimumDepth} exceeds the {maximum} confirmations we accept.")
    {
        MinimumDepth = minimumDepth;
        Maximum = maximum;
    }

    public uint MinimumDepth { get; }

    public uint Maximum { get; }
}
