using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening.Errors;

/// <summary>
/// The connection dropped before the funding was broadcast (opener) or
/// <c>funding_signed</c> was sent (accepter). BOLT 2 "Message Retransmission": such a
/// node "SHOULD NOT remember the channel for reconnection"; the opening starts again.
/// </summary>
public sealed class DisconnectedDuringOpeningException : ChannelException
{
    public DisconnectedDuringOpeningException(ChannelId channelId, string phase)
        : base(channelId, $"Disconnected while {phase}; the opening is abandoned (nothing was funded).")
    {
        Phase = phase;
    }

    public string Phase { get; }
}
