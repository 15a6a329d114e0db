using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening.Errors;

/// <summary>
/// <c>funding_satoshis</c> outside what we accept. BOLT 2 "The open_channel Message",
/// receiver: "MAY fail the channel if: ... funding_satoshis is too small", and "MUST fail
/// the channel if: ... funding_satoshis is greater than or equal to 2^24 and the receiver
/// does not support option_support_large_channel" (our maximum stays below 2^24).
/// </summary>
public sealed class FundingAmountOutOfRangeException : ChannelException
{
    public FundingAmountOutOfRangeException(ChannelId channelId, Satoshis funding, Satoshis minimum, Satoshis maximum, bool local)
        : base(channelId, $"Funding amount {funding} is outside the accepted range [{minimum}, {maximum}].")
    {
        Funding = funding;
        Minimum = minimum;
        Maximum = maximum;
        FailsChannel = !local;
    }

    public Satoshis Funding { get; }

    public Satoshis Minimum { get; }

    public Satoshis Maximum { get; }

    public override bool FailsChannel { get; }
}
