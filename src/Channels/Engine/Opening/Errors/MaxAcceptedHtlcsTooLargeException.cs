using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening.Errors;

/// <summary>BOLT 2 "The open_channel Message", receiver: "MUST fail the channel if: ... max_accepted_htlcs is greater than 483".</summary>
public sealed class MaxAcceptedHtlcsTooLargeException : ChannelException
{
    public MaxAcceptedHtlcsTooLargeException(ChannelId channelId, ushort maxAcceptedHtlcs, ushort maximum)
        : base(channelId, $"max_accepted_htlcs {maxAcceptedHtlcs} exceeds {maximum}.")
    {
        MaxAcceptedHtlcs = maxAcceptedHtlcs;
        Maximum = maximum;
    }

    public ushort MaxAcceptedHtlcs { get; }

    public ushort Maximum { get; }
}
