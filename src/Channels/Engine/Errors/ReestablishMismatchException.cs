using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>A channel_reestablish whose numbers fit neither our state nor one message lost in flight (BOLT 2 "Message Retransmission": "SHOULD send an error and fail the channel").</summary>
public sealed class ReestablishMismatchException : ChannelException
{
    public ReestablishMismatchException(ChannelId channelId, string field, ulong expected, ulong received)
        : base(channelId, $"channel_reestablish {field} is {received}; we expected {expected}.")
    {
        Field = field;
        Expected = expected;
        Received = received;
    }

    public string Field { get; }

    public ulong Expected { get; }

    public ulong Received { get; }
}
