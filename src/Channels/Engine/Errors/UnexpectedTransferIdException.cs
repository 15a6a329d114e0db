using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>A transfer whose id is not the next one expected: a replay, a gap or a reordering (ids increase by one, BOLT 2 "Adding an HTLC").</summary>
public sealed class UnexpectedTransferIdException : ChannelException
{
    public UnexpectedTransferIdException(ChannelId channelId, ulong expected, ulong actual)
        : base(channelId, $"Expected transfer id {expected}, got {actual}.")
    {
        Expected = expected;
        Actual = actual;
    }

    public ulong Expected { get; }

    public ulong Actual { get; }
}
