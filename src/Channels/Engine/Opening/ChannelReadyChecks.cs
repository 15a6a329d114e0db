using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening;

/// <summary>What a received <c>channel_ready</c> must satisfy, whenever it arrives.</summary>
internal static class ChannelReadyChecks
{
    /// <summary>
    /// The message names this channel and carries a valid point for the peer's
    /// commitment 1 (BOLT 2 "The channel_ready Message"); we build their next
    /// commitment with it, so a bad point fails the channel now rather than later.
    /// </summary>
    public static PublicKey SecondPoint(ChannelId channelId, ChannelReady message)
    {
        if (message.ChannelId != channelId)
        {
            throw new WrongChannelException(channelId, message.ChannelId);
        }

        return PublicKey.TryFromBytes(message.SecondPerCommitmentPoint.AsSpan(), out var point)
            ? point
            : throw new InvalidPerCommitmentPointException(channelId, "second_per_commitment_point");
    }
}
