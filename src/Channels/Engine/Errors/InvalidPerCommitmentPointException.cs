using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>A per_commitment_point that is not a valid compressed secp256k1 point (BOLT 2: the receiver MUST fail the channel).</summary>
public sealed class InvalidPerCommitmentPointException : ChannelException
{
    public InvalidPerCommitmentPointException(ChannelId channelId, string field)
        : base(channelId, $"{field} is not a valid secp256k1 point.")
    {
    }
}
