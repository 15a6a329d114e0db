using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>A version-2 reading whose amount_msat is not the amount of the transfer carrying it: the reading paid for another sum.</summary>
public sealed class ReadingAmountMismatchException : ChannelException
{
    public ReadingAmountMismatchException(ChannelId channelId, MilliSatoshis expected, MilliSatoshis received, bool local)
        : base(channelId, $"The reading names {received}; the transfer carrying it moves {expected}.")
    {
        Expected = expected;
        Received = received;
        FailsChannel = !local;
    }

    public MilliSatoshis Expected { get; }

    public MilliSatoshis Received { get; }

    /// <summary>Our own command with such a reading is refused; a peer's fails the channel.</summary>
    public override bool FailsChannel { get; }
}
