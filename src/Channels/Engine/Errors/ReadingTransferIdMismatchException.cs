using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>A version-2 reading whose transfer id is not the id of the transfer carrying it: a reading of another transfer, replayed.</summary>
public sealed class ReadingTransferIdMismatchException : ChannelException
{
    public ReadingTransferIdMismatchException(ChannelId channelId, ulong expected, ulong received, bool local)
        : base(channelId, $"The reading names transfer {received}; it rides on transfer {expected}.")
    {
        Expected = expected;
        Received = received;
        FailsChannel = !local;
    }

    public ulong Expected { get; }

    public ulong Received { get; }

    /// <summary>Our own command with such a reading is refused; a peer's fails the channel.</summary>
    public override bool FailsChannel { get; }
}
