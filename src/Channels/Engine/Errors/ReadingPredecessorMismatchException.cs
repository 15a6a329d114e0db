using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>A version-2 reading that does not chain to the meter's previous reading: one was dropped, reordered or duplicated.</summary>
public sealed class ReadingPredecessorMismatchException : ChannelException
{
    public ReadingPredecessorMismatchException(ChannelId channelId, Sha256Hash expected, Sha256Hash received, bool local)
        : base(channelId, $"The reading names predecessor {received}; the meter's previous reading is {expected}.")
    {
        Expected = expected;
        Received = received;
        FailsChannel = !local;
    }

    public Sha256Hash Expected { get; }

    public Sha256Hash Received { get; }

    /// <summary>Our own command with such a reading is refused; a peer's fails the channel.</summary>
    public override bool FailsChannel { get; }
}
