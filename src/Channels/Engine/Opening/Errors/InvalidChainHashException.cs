using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening.Errors;

/// <summary>BOLT 2 "The open_channel Message", receiver: "MUST fail the channel if: ... the chain_hash value is set to a hash of a chain that is unknown to the receiver".</summary>
public sealed class InvalidChainHashException : ChannelException
{
    public InvalidChainHashException(ChannelId channelId, ChainHash received, ChainHash expected)
        : base(channelId, $"chain_hash {received} is not the chain we operate on ({expected}).")
    {
        Received = received;
        Expected = expected;
    }

    public ChainHash Received { get; }

    public ChainHash Expected { get; }
}
