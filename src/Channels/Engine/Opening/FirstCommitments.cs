using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening;

/// <summary>
/// Commitment 0 on each side (BOLT 2 "The funding_created Message" / "The
/// funding_signed Message": each side signs "the initial commitment transaction, as
/// defined in BOLT #3" of the other), built exactly as <see cref="Commitments"/>
/// builds later ones.
/// </summary>
internal static class FirstCommitments
{
    public static CommitmentTransaction Local(ChannelParameters parameters, CommitmentSpec localSpec, PublicKey localFirstPoint) =>
        CommitmentTransaction.Build(
            parameters.LocalCommitmentParameters,
            CommitmentKeys.Derive(parameters.Local.Basepoints, parameters.Remote.Basepoints, localFirstPoint),
            0,
            localSpec);

    public static CommitmentTransaction Remote(ChannelParameters parameters, CommitmentSpec localSpec, PublicKey remoteFirstPoint) =>
        CommitmentTransaction.Build(
            parameters.RemoteCommitmentParameters,
            CommitmentKeys.Derive(parameters.Remote.Basepoints, parameters.Local.Basepoints, remoteFirstPoint),
            0,
            localSpec.Mirror());

    /// <summary>
    /// BOLT 2, funding_created and funding_signed recipients: "if signature is incorrect
    /// OR non-compliant with LOW-S-standard rule: MUST send a warning and close the
    /// connection, or send an error and fail the channel". libsecp256k1's verify
    /// rejects high-S, and a compact form with r or s out of range never parses.
    /// </summary>
    public static EcdsaSignature VerifyRemoteSignature(ChannelId channelId, CommitmentTransaction localCommitment, PublicKey remoteFundingKey, CompactSignature received)
    {
        EcdsaSignature signature;
        try
        {
            signature = EcdsaSignature.FromCompact(received.AsSpan());
        }
        catch (InvalidSignatureException)
        {
            throw new InvalidCommitmentSignatureException(channelId, 0);
        }

        return remoteFundingKey.Verify(localCommitment.FundingSignatureHash(), signature)
            ? signature
            : throw new InvalidCommitmentSignatureException(channelId, 0);
    }

    public static CompactSignature ToWire(EcdsaSignature signature) => new(signature.ToCompact());
}
