using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>An update_fee from the side that did not open the channel (BOLT 2 "update_fee": only the funder sends it).</summary>
public sealed class FeeUpdateNotAllowedException : ChannelException
{
    public FeeUpdateNotAllowedException(ChannelId channelId)
        : base(channelId, "update_fee received from the non-opener.")
    {
    }
}
