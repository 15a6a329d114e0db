using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Closing.Errors;

/// <summary>
/// A <c>fee_satoshis</c> outside the range it must lie in: the sender's own
/// <c>fee_range</c>, or, for the funder, "the overlap between the sent and received
/// fee_range" (BOLT 2 "closing_signed": "MUST fail the channel").
/// </summary>
public sealed class ClosingFeeOutsideRangeException : ChannelException
{
    public ClosingFeeOutsideRangeException(ChannelId channelId, ulong feeSatoshis, ClosingFeeRange range)
        : base(channelId, $"Closing fee {feeSatoshis} sat is outside [{range.MinFeeSatoshis}, {range.MaxFeeSatoshis}] sat.")
    {
        FeeSatoshis = feeSatoshis;
        Range = range;
    }

    public ulong FeeSatoshis { get; }

    public ClosingFeeRange Range { get; }
}
