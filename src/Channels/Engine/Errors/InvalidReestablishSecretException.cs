using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>A channel_reestablish whose your_last_per_commitment_secret is not the last secret we revealed: the peer is lying or broken (BOLT 2: "SHOULD send an error and fail the channel").</summary>
public sealed class InvalidReestablishSecretException : ChannelException
{
    public InvalidReestablishSecretException(ChannelId channelId, ulong nextRevocationNumber)
        : base(channelId, $"your_last_per_commitment_secret does not match our secret for commitment {nextRevocationNumber - 1}.")
    {
    }
}
