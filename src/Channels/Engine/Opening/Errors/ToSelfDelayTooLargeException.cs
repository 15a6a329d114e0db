using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening.Errors;

/// <summary>
/// BOLT 2 "The open_channel Message", receiver: "MUST fail the channel if: ...
/// to_self_delay is unreasonably large" (it is how long our own funds would be
/// locked after we close alone). Applies to accept_channel too ("Other fields have
/// the same requirements as their counterparts in open_channel").
/// </summary>
public sealed class ToSelfDelayTooLargeException : ChannelException
{
    public ToSelfDelayTooLargeException(ChannelId channelId, ushort toSelfDelay, ushort maximum)
        : base(channelId, $"to_self_delay {toSelfDelay} blocks exceeds the {maximum} we accept.")
    {
        ToSelfDelay = toSelfDelay;
        Maximum = maximum;
    }

    public ushort ToSelfDelay { get; }

    public ushort Maximum { get; }
}
