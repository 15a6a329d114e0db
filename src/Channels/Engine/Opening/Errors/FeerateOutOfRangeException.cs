using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening.Errors;

/// <summary>
/// BOLT 2 "The open_channel Message", receiver: "MUST fail the channel if: ... it considers
/// feerate_per_kw too small for timely processing or unreasonably large".
/// </summary>
public sealed class FeerateOutOfRangeException : ChannelException
{
    public FeerateOutOfRangeException(ChannelId channelId, FeeratePerKw feerate, FeeratePerKw minimum, FeeratePerKw maximum, bool local)
        : base(channelId, $"feerate_per_kw {feerate} is outside the accepted range [{minimum}, {maximum}].")
    {
        Feerate = feerate;
        Minimum = minimum;
        Maximum = maximum;
        FailsChannel = !local;
    }

    public FeeratePerKw Feerate { get; }

    public FeeratePerKw Minimum { get; }

    public FeeratePerKw Maximum { get; }

    public override bool FailsChannel { get; }
}
