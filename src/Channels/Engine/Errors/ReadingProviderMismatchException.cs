using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>A version-2 reading signed for another provider: a replay of a reading the meter gave someone else.</summary>
public sealed class ReadingProviderMismatchException : ChannelException
{
    public ReadingProviderMismatchException(ChannelId channelId, Point expected, Point received, bool local)
        : base(channelId, $"The reading names provider {received}, not {expected}.")
    {
        Expected = expected;
        Received = received;
        FailsChannel = !local;
    }

    public Point Expected { get; }

    public Point Received { get; }

    /// <summary>Our own command with such a reading is refused; a peer's fails the channel.</summary>
    public override bool FailsChannel { get; }
}
