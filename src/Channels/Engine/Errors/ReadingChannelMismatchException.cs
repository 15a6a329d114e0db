using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>A version-2 reading signed for another channel: a replay from another channel of the same meter.</summary>
public sealed class ReadingChannelMismatchException : ChannelException
{
    public ReadingChannelMismatchException(ChannelId channelId, ChannelId named, bool local)
        : base(channelId, $"The reading names channel {named}, not {channelId}.")
    {
        Named = named;
        FailsChannel = !local;
    }

    public ChannelId Named { get; }

    /// <summary>Our own command with such a reading is refused; a peer's fails the channel.</summary>
    public override bool FailsChannel { get; }
}
