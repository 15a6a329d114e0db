using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>
/// BOLT 2 "Updating Fees: update_fee": "An update_fee message is sent by the node which is
/// paying the Bitcoin fee." From the peer (<see cref="Local"/> false) it fails the channel;
/// asked of us while we did not open the channel, it is a refused local command.
/// </summary>
public sealed class FeeUpdateNotAllowedException : ChannelException
{
    public FeeUpdateNotAllowedException(ChannelId channelId)
        : this(channelId, local: false)
    {
    }

    public FeeUpdateNotAllowedException(ChannelId channelId, bool local)
        : base(channelId, local ? "update_fee refused: only the channel opener may send it, and we did not open this channel." : "update_fee received from the non-opener.")
    {
        Local = local;
    }

    public bool Local { get; }

    public override bool FailsChannel => !Local;
}
