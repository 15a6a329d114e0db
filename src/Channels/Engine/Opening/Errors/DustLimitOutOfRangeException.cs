using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening.Errors;

/// <summary>
/// The peer's <c>dust_limit_satoshis</c> is out of range. BOLT 2 "The open_channel
/// Message", receiver: "MUST fail the channel if: ... dust_limit_satoshis is greater than
/// channel_reserve_satoshis" or "is smaller than 354 satoshis", and "MAY fail the
/// channel if: ... it considers dust_limit_satoshis too large"; "The accept_channel
/// Message": "if channel_reserve_satoshis from the open_channel message is less than
/// dust_limit_satoshis: MUST fail the channel". <see cref="Maximum"/> is the smallest
/// of those bounds that applied.
/// </summary>
public sealed class DustLimitOutOfRangeException : ChannelException
{
    public DustLimitOutOfRangeException(ChannelId channelId, Satoshis dustLimit, Satoshis minimum, Satoshis maximum)
        : base(channelId, $"dust_limit_satoshis {dustLimit} is outside the accepted range [{minimum}, {maximum}].")
    {
        DustLimit = dustLimit;
        Minimum = minimum;
        Maximum = maximum;
    }

    public Satoshis DustLimit { get; }

    public Satoshis Minimum { get; }

    public Satoshis Maximum { get; }
}
