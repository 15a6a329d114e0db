using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>A commitment_signed that commits nothing new (BOLT 2: "MUST NOT send a commitment_signed message that does not include any updates").</summary>
public sealed class CommitmentWithoutChangesException : ChannelException
{
    public CommitmentWithoutChangesException(ChannelId channelId)
        : base(channelId, "commitment_signed without any update to commit.")
    {
    }
}
