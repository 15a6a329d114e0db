using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening.Errors;

/// <summary>
/// The <c>channel_reserve_satoshis</c> the peer requires us to keep is out of range.
/// Too high: BOLT 2 "The open_channel Message", receiver "MAY fail the channel if: ... it
/// considers channel_reserve_satoshis too large" (our policy caps it at a percentage
/// of the funding). Too low: BOLT 2 "The accept_channel Message", receiver "if
/// channel_reserve_satoshis is less than dust_limit_satoshis within the open_channel
/// message: MUST fail the channel".
/// </summary>
public sealed class ChannelReserveOutOfRangeException : ChannelException
{
    public ChannelReserveOutOfRangeException(ChannelId channelId, Satoshis reserve, Satoshis minimum, Satoshis maximum)
        : base(channelId, $"channel_reserve_satoshis {reserve} is outside the accepted range [{minimum}, {maximum}].")
    {
        Reserve = reserve;
        Minimum = minimum;
        Maximum = maximum;
    }

    public Satoshis Reserve { get; }

    public Satoshis Minimum { get; }

    public Satoshis Maximum { get; }
}
