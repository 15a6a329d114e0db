using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>A commitment_signed whose signature does not verify for our next commitment, or is high-S (BOLT 2 "commitment_signed": "MUST send a warning and close the connection, or send an error and fail the channel").</summary>
public sealed class InvalidCommitmentSignatureException : ChannelException
{
    public InvalidCommitmentSignatureException(ChannelId channelId, ulong commitmentNumber)
        : base(channelId, $"Invalid signature for local commitment {commitmentNumber}.")
    {
        CommitmentNumber = commitmentNumber;
    }

    public ulong CommitmentNumber { get; }
}
