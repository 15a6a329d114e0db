using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening.Errors;

/// <summary>
/// We accepted a channel whose funding did not appear within
/// <see cref="AwaitingFundingConfirmed.FundeeFundingTimeoutBlocks"/> blocks, so we forgot it
/// (BOLT 2 "The channel_ready Message": the fundee "SHOULD forget the channel").
/// </summary>
public sealed class FundingTimeoutException : ChannelException
{
    public FundingTimeoutException(ChannelId channelId, uint blocksWaited)
        : base(channelId, $"The funding did not confirm within {blocksWaited} blocks; the channel is forgotten.")
    {
        BlocksWaited = blocksWaited;
    }

    public uint BlocksWaited { get; }

    public override bool FailsChannel => false;
}
