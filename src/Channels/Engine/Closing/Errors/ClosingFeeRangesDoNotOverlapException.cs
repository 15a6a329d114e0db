using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Closing.Errors;

/// <summary>
/// BOLT 2 "closing_signed": "if there is no overlap between that and its own fee_range:
/// SHOULD send a warning", and "MUST fail the channel if it doesn't receive a satisfying
/// fee_range after a reasonable amount of time". So not failed at once: the shell warns
/// and starts that timer. Also raised when a peer without <c>fee_range</c> insists on a
/// fee outside ours and no fee "strictly between" is left within our range.
/// </summary>
public sealed class ClosingFeeRangesDoNotOverlapException : ChannelException
{
    public ClosingFeeRangesDoNotOverlapException(ChannelId channelId, ClosingFeeRange ours, ClosingFeeRange theirs)
        : base(channelId, $"Our closing fee range [{ours.MinFeeSatoshis}, {ours.MaxFeeSatoshis}] sat and the peer's [{theirs.MinFeeSatoshis}, {theirs.MaxFeeSatoshis}] sat do not overlap.")
    {
        Ours = ours;
        Theirs = theirs;
    }

    public ClosingFeeRange Ours { get; }

    public ClosingFeeRange Theirs { get; }

    public override bool FailsChannel => false;
}
