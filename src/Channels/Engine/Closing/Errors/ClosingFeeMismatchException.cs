using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Closing.Errors;

/// <summary>
/// BOLT 2 "closing_signed", non-funder receiving a <c>fee_range</c>: "if it has already
/// sent a closing_signed: if fee_satoshis is not the same as the value it sent: MUST
/// fail the channel".
/// </summary>
public sealed class ClosingFeeMismatchException : ChannelException
{
    public ClosingFeeMismatchException(ChannelId channelId, ulong sentFeeSatoshis, ulong receivedFeeSatoshis)
        : base(channelId, $"We proposed a closing fee of {sentFeeSatoshis} sat in the funder's range; it answered {receivedFeeSatoshis} sat.")
    {
        SentFeeSatoshis = sentFeeSatoshis;
        ReceivedFeeSatoshis = receivedFeeSatoshis;
    }

    public ulong SentFeeSatoshis { get; }

    public ulong ReceivedFeeSatoshis { get; }
}
