using Microchannels.Bitcoin;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>
/// An <c>update_fee</c> outside the channel's <see cref="UpdateFeeRange"/>: from the peer it
/// fails the channel (BOLT 2: "too low for timely processing, OR is unreasonably large");
/// asked of us, it is a refused command.
/// </summary>
public sealed class UpdateFeeOutOfRangeException : ChannelException
{
    public UpdateFeeOutOfRangeException(ChannelId channelId, FeeratePerKw feerate, UpdateFeeRange range, bool local)
        : base(channelId, $"update_fee {feerate} is outside the accepted range {range ?? throw new ArgumentNullException(nameof(range))}.")
    {
        Feerate = feerate;
        Range = range;
        FailsChannel = !local;
    }

    public FeeratePerKw Feerate { get; }

    public UpdateFeeRange Range { get; }

    public override bool FailsChannel { get; }
}
