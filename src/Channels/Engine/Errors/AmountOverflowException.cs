using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>Balances plus a transfer overflow 64-bit millisatoshis: the peer sent an amount no channel can hold.</summary>
public sealed class AmountOverflowException : ChannelException
{
    public AmountOverflowException(ChannelId channelId, MilliSatoshis left, MilliSatoshis right)
        : base(channelId, $"{left} + {right} overflows.")
    {
    }
}
