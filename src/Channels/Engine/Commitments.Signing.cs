using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine;

/// <summary>BOLT 2 "Committing Updates So Far: commitment_signed".</summary>
public sealed partial record Commitments
{
    /// <summary>
    /// We may sign when the counterparty's next point is known (no signature of ours
    /// awaits revocation) and something is new for them: our proposals, or their
    /// updates we have acknowledged but not yet signed back.
    /// </summary>
    public bool CanSendCommit => !AwaitingRevocation && (!LocalChanges.Proposed.IsEmpty || !RemoteChanges.Acked.IsEmpty);

    /// <summary>Sign the counterparty's next commitment with every update so far.</summary>
    public (Commitments State, CommitmentSigned Message) SendCommit(IChannelSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        if (!CanSendCommit)
        {
            throw new InvalidOperationException(AwaitingRevocation
                ? "A commitment_signed is already awaiting revoke_and_ack."
                : "Nothing to commit (BOLT 2: commitment_signed MUST include updates).");
        }

        var point = RemoteNextPerCommitmentPoint!;
        var spec = CommitmentSpecReducer.Reduce(ChannelId, RemoteCommit.Spec, RemoteChanges.Acked, LocalChanges.Proposed);
        var keys = CommitmentKeys.Derive(Parameters.Remote.Basepoints, Parameters.Local.Basepoints, point);
        var commitment = CommitmentTransaction.Build(Parameters.RemoteCommitmentParameters, keys, RemoteCommit.Index + 1, spec);
        var signature = signer.SignCounterpartyCommitment(commitment);

        var state = this with
        {
            NextRemoteCommit = new PendingRemoteCommit(new RemoteCommit(RemoteCommit.Index + 1, spec, commitment.Transaction.GetTxId(), point), LocalCommit.Index),
            RemoteNextPerCommitmentPoint = null,
            LastLocalReading = PreviousLocalReading,
            LocalChanges = LocalChanges with { Proposed = [], Signed = LocalChanges.Signed.AddRange(LocalChanges.Proposed) },
            RemoteChanges = RemoteChanges with { Acked = [], Signed = RemoteChanges.Signed.AddRange(RemoteChanges.Acked) },
        };
        return (state, new CommitmentSigned(ChannelId, new CompactSignature(signature.ToCompact()), []));
    }

    /// <summary>
    /// Check the counterparty's signature on our next commitment; if valid, answer with
    /// <c>revoke_and_ack</c> for the previous one. Its secret is only read here (phase one):
    /// the shell must store the returned state (the new commitment and its signature), then
    /// mark the old commitment revoked in the signer (<see cref="ChannelAction"/>
    /// <c>MarkRevoked</c>), then send the message that reveals the secret (DESIGN.md decision 4).
    /// </summary>
    public (Commitments State, RevokeAndAck Message) ReceiveCommit(CommitmentSigned message, IChannelSigner signer)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(signer);
        CheckChannel(message.ChannelId);
        if (RemoteChanges.Proposed.IsEmpty && LocalChanges.Acked.IsEmpty)
        {
            throw new CommitmentWithoutChangesException(ChannelId);
        }

        if (message.HtlcSignatures.Count != 0)
        {
            throw new UnexpectedHtlcSignaturesException(ChannelId, message.HtlcSignatures.Count);
        }

        ulong number = LocalCommit.Index + 1;
        var spec = CommitmentSpecReducer.Reduce(ChannelId, LocalCommit.Spec, LocalChanges.Acked, RemoteChanges.Proposed);
        var keys = CommitmentKeys.Derive(Parameters.Local.Basepoints, Parameters.Remote.Basepoints, signer.GetPerCommitmentPoint(number));
        var commitment = CommitmentTransaction.Build(Parameters.LocalCommitmentParameters, keys, number, spec);

        // BOLT 2: "if signature is not valid for its local commitment transaction OR
        // non-compliant with LOW-S-standard rule": fail. libsecp256k1 verify rejects high-S.
        EcdsaSignature signature;
        try
        {
            signature = EcdsaSignature.FromCompact(message.Signature.AsSpan());
        }
        catch (InvalidSignatureException)
        {
            throw new InvalidCommitmentSignatureException(ChannelId, number);
        }

        if (!Parameters.Remote.Basepoints.FundingPubKey.Verify(commitment.FundingSignatureHash(), signature))
        {
            throw new InvalidCommitmentSignatureException(ChannelId, number);
        }

        // BOLT 2 "revoke_and_ack": "per_commitment_secret [is] the secret used to generate
        // keys for the previous commitment"; "next_per_commitment_point [is] for its next".
        var secret = signer.GetHolderCommitmentSecret(LocalCommit.Index);
        var nextPoint = signer.GetPerCommitmentPoint(number + 1);
        var state = this with
        {
            LocalCommit = new LocalCommit(number, spec, signature),
            LastRemoteReading = PreviousRemoteReading,
            LocalChanges = LocalChanges with { Acked = [] },
            RemoteChanges = RemoteChanges with { Proposed = [], Acked = RemoteChanges.Acked.AddRange(RemoteChanges.Proposed) },
        };
        return (state, new RevokeAndAck(ChannelId, new Secret(secret), new Point(nextPoint.AsSpan())));
    }
}
