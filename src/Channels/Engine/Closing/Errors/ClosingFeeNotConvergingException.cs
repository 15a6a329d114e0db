using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Closing.Errors;

/// <summary>
/// BOLT 2 "closing_signed" without <c>fee_range</c>: "if fee_satoshis is not strictly
/// between its last-sent fee_satoshis and its previously-received fee_satoshis, UNLESS it
/// has since reconnected: SHOULD send a warning and close the connection, or send an error
/// and fail the channel". The rule that makes the negotiation converge.
/// </summary>
public sealed class ClosingFeeNotConvergingException : ChannelException
{
    public ClosingFeeNotConvergingException(ChannelId channelId, ulong feeSatoshis, ulong lastSentFeeSatoshis, ulong lastReceivedFeeSatoshis)
        : base(channelId, $"Closing fee {feeSatoshis} sat is not strictly between our last {lastSentFeeSatoshis} sat and the peer's previous {lastReceivedFeeSatoshis} sat.")
    {
        FeeSatoshis = feeSatoshis;
        LastSentFeeSatoshis = lastSentFeeSatoshis;
        LastReceivedFeeSatoshis = lastReceivedFeeSatoshis;
    }

    public ulong FeeSatoshis { get; }

    public ulong LastSentFeeSatoshis { get; }

    public ulong LastReceivedFeeSatoshis { get; }
}
