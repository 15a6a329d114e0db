using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>A revoke_and_ack whose per_commitment_secret does not generate the previous per_commitment_point, or breaks the shachain (BOLT 2: "MUST send an error and fail the channel").</summary>
public sealed class InvalidRevocationException : ChannelException
{
    public InvalidRevocationException(ChannelId channelId, ulong commitmentNumber, string reason)
        : base(channelId, $"Invalid revocation of remote commitment {commitmentNumber}: {reason}")
    {
        CommitmentNumber = commitmentNumber;
    }

    public ulong CommitmentNumber { get; }
}
