using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening;

/// <summary>
/// The end of the opening: both <c>channel_ready</c> messages are exchanged and
/// <see cref="Commitments"/> takes over for normal operation. Returned by
/// <see cref="AwaitingFundingConfirmed.FundingConfirmed"/> when the peer's
/// <c>channel_ready</c> arrived before our funding depth.
/// </summary>
public sealed record ChannelOpened(Commitments Commitments) : OpeningState
{
    public override ChannelId ChannelId => Commitments.ChannelId;
}
