using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>A commitment_signed with HTLC signatures: num_htlcs must equal the HTLC outputs of the commitment, and our commitments have none (BOLT 2).</summary>
public sealed class UnexpectedHtlcSignaturesException : ChannelException
{
    public UnexpectedHtlcSignaturesException(ChannelId channelId, int count)
        : base(channelId, $"Received {count} HTLC signatures for a commitment without HTLC outputs.")
    {
    }
}
