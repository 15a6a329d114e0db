using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>A payment carrying a version-1 reading where version 2 is required: a v1 signature binds no channel, provider or amount, so it could be replayed (docs/PROTOCOL.md, "Which versions are accepted").</summary>
public sealed class ReadingVersionRefusedException : ChannelException
{
    public ReadingVersionRefusedException(ChannelId channelId, int version, bool local)
        : base(channelId, $"A version-{version} meter reading is refused here; this channel requires version 2.")
    {
        Version = version;
        FailsChannel = !local;
    }

    public int Version { get; }

    /// <summary>Our own command with such a reading is refused; a peer's fails the channel.</summary>
    public override bool FailsChannel { get; }
}
