using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine;

/// <summary>BOLT 2 "Message Retransmission": disconnection and <c>channel_reestablish</c>.</summary>
public sealed partial record Commitments
{
    /// <summary>
    /// BOLT 2: "upon disconnection: MUST reverse any uncommitted updates sent by the
    /// other side". We drop our own unsigned proposals too (eclair does the same): the
    /// peer has just dropped them. They are returned so the caller can propose them again,
    /// and transfer ids rewind so the re-proposals reuse them.
    /// </summary>
    public (Commitments State, IReadOnlyList<ChannelUpdate> DroppedLocalProposals) OnDisconnect()
    {
        var dropped = LocalChanges.Proposed;
        var state = this with
        {
            LocalChanges = LocalChanges with { Proposed = [] },
            RemoteChanges = RemoteChanges with { Proposed = [] },
            LocalNextTransferId = LocalNextTransferId - (ulong)dropped.OfType<TransferUpdate>().Count(),
            RemoteNextTransferId = RemoteNextTransferId - (ulong)RemoteChanges.Proposed.OfType<TransferUpdate>().Count(),
        };
        return (state, dropped);
    }

    /// <summary>Our <c>channel_reestablish</c>, sent first on every reconnection.</summary>
    public ChannelReestablish CreateReestablish(IChannelSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);

        // "next_commitment_number: the commitment number of the next commitment_signed it
        // expects to receive"; "next_revocation_number: the commitment number of the next
        // revoke_and_ack it expects" (their current commitment's, which they revoke next).
        ulong nextRevocation = RemoteCommit.Index;

        // "if next_revocation_number equals 0: MUST set your_last_per_commitment_secret to
        // all zeroes; otherwise ... to the last per_commitment_secret it received".
        var lastSecret = nextRevocation == 0
            ? Secret.Zero
            : new Secret(RemoteSecrets.GetSecret(Keys.CommitmentIndex.FromCommitmentNumber(nextRevocation - 1))
                ?? throw new InvalidOperationException($"Secret {nextRevocation - 1} missing from the store."));
        return new ChannelReestablish(
            ChannelId,
            LocalCommit.Index + 1,
            nextRevocation,
            lastSecret,
            new Point(signer.GetPerCommitmentPoint(LocalCommit.Index).AsSpan()));
    }

    /// <summary>
    /// Compares the peer's <c>channel_reestablish</c> with our state and returns what to
    /// retransmit, or throws: <see cref="RemoteHasNewerStateException"/> when we are the
    /// one behind (never broadcast then), <see cref="InvalidReestablishSecretException"/>
    /// when the peer's proof is wrong, <see cref="ReestablishMismatchException"/> otherwise.
    /// </summary>
    public ReestablishResult ReceiveReestablish(ChannelReestablish message, IChannelSigner signer)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(signer);
        CheckChannel(message.ChannelId);
        if (!LocalChanges.Proposed.IsEmpty || !RemoteChanges.Proposed.IsEmpty)
        {
            throw new InvalidOperationException("Call OnDisconnect before reestablishing: unsigned proposals are still pending.");
        }

        bool resendRevocation = CheckTheirViewOfOurRevocations(message, signer);
        bool resendCommit = CheckTheirViewOfOurCommitments(message);

        var retransmit = new List<LightningMessage>();

        // "if next_commitment_number is 1 in both the channel_reestablish it sent and
        // received: MUST retransmit channel_ready, otherwise: MUST NOT": the peer may not
        // have our point for commitment 1 yet. It goes first, as it went before any update.
        if (LocalCommit.Index == 0 && message.NextCommitmentNumber == 1)
        {
            retransmit.Add(new ChannelReady(ChannelId, new Point(signer.GetPerCommitmentPoint(1).AsSpan())));
        }

        var commitMessages = resendCommit ? RetransmitCommit(signer) : [];
        var revocation = resendRevocation ? RetransmitRevocation(signer) : null;

        // "MUST retransmit revoke_and_ack and commitment_signed in the same relative order
        // as initially transmitted": our commitment_signed came after our last revocation
        // if we sent it while our local commitment was already the current one.
        bool commitSentAfterRevocation = NextRemoteCommit is { } pending && pending.SentAfterLocalCommitIndex == LocalCommit.Index;
        if (revocation is not null && commitSentAfterRevocation)
        {
            retransmit.Add(revocation);
            retransmit.AddRange(commitMessages);
        }
        else
        {
            retransmit.AddRange(commitMessages);
            if (revocation is not null)
            {
                retransmit.Add(revocation);
            }
        }

        return new ReestablishResult(this, retransmit);
    }

    /// <summary>True when our last <c>revoke_and_ack</c> must be sent again.</summary>
    private bool CheckTheirViewOfOurRevocations(ChannelReestablish message, IChannelSigner signer)
    {
        ulong theirs = message.NextRevocationNumber;

        // The peer expects a revocation of a commitment we have not even built: it holds a
        // newer state than we do. If it proves it with our own secret, we lost data.
        if (theirs > LocalCommit.Index)
        {
            if (SecretMatches(message.YourLastPerCommitmentSecret, theirs, signer))
            {
                throw new RemoteHasNewerStateException(ChannelId, LocalCommit.Index, theirs);
            }

            throw new InvalidReestablishSecretException(ChannelId, theirs);
        }

        if (!SecretMatches(message.YourLastPerCommitmentSecret, theirs, signer))
        {
            throw new InvalidReestablishSecretException(ChannelId, theirs);
        }

        if (theirs == LocalCommit.Index)
        {
            return false;
        }

        // One behind: our last revoke_and_ack (of LocalCommit.Index - 1) was lost.
        if (theirs + 1 == LocalCommit.Index)
        {
            return true;
        }

        throw new ReestablishMismatchException(ChannelId, "next_revocation_number", LocalCommit.Index, theirs);
    }

    /// <summary>True when our pending <c>commitment_signed</c> (and its updates) must be sent again.</summary>
    private bool CheckTheirViewOfOurCommitments(ChannelReestablish message)
    {
        ulong theirs = message.NextCommitmentNumber;
        if (theirs == 0)
        {
            // "if next_commitment_number is zero: MUST immediately fail the channel".
            throw new ReestablishMismatchException(ChannelId, "next_commitment_number", RemoteCommit.Index + 1, theirs);
        }

        if (NextRemoteCommit is { } pending)
        {
            // "if next_commitment_number is equal to the commitment number of the last
            // commitment_signed message the receiving node has sent": it never arrived.
            if (theirs == pending.Commit.Index)
            {
                return true;
            }

            // It arrived; its revoke_and_ack is what got lost, and the peer resends it.
            if (theirs == pending.Commit.Index + 1)
            {
                return false;
            }

            throw new ReestablishMismatchException(ChannelId, "next_commitment_number", pending.Commit.Index + 1, theirs);
        }

        if (theirs == RemoteCommit.Index + 1)
        {
            return false;
        }

        throw new ReestablishMismatchException(ChannelId, "next_commitment_number", RemoteCommit.Index + 1, theirs);
    }

    /// <summary>
    /// "your_last_per_commitment_secret" must be all zeroes when nothing was revoked yet,
    /// otherwise our secret for commitment <paramref name="nextRevocationNumber"/> - 1.
    /// </summary>
    private static bool SecretMatches(Secret claimed, ulong nextRevocationNumber, IChannelSigner signer)
    {
        if (nextRevocationNumber == 0)
        {
            return claimed.IsZero;
        }

        var expected = signer.GetPerCommitmentPoint(nextRevocationNumber - 1);
        try
        {
            return Keys.KeyDerivation.PerCommitmentPoint(claimed.AsSpan()).Equals(expected);
        }
        catch (Microchannels.Bitcoin.Crypto.InvalidKeyException)
        {
            return false;
        }
    }

    /// <summary>Our signed-but-unacknowledged updates followed by the same commitment_signed (RFC 6979 makes it identical).</summary>
    private List<LightningMessage> RetransmitCommit(IChannelSigner signer)
    {
        var pending = NextRemoteCommit!.Commit;
        var messages = new List<LightningMessage>();
        foreach (var update in LocalChanges.Signed)
        {
            messages.Add(update switch
            {
                TransferUpdate t => new UpdateTransfer(ChannelId, t.Id, t.Amount, t.Reading),
                FeeUpdate f => new UpdateFee(ChannelId, f.Feerate.Value),
                _ => throw new InvalidOperationException($"Unknown update {update.GetType().Name}."),
            });
        }

        var keys = CommitmentKeys.Derive(Parameters.Remote.Basepoints, Parameters.Local.Basepoints, pending.PerCommitmentPoint);
        var commitment = CommitmentTransaction.Build(Parameters.RemoteCommitmentParameters, keys, pending.Index, pending.Spec);
        messages.Add(new CommitmentSigned(ChannelId, new CompactSignature(signer.SignCounterpartyCommitment(commitment).ToCompact()), []));
        return messages;
    }

    /// <summary>Our revocation of commitment LocalCommit.Index - 1, with the point for LocalCommit.Index + 1, as first sent.</summary>
    private RevokeAndAck RetransmitRevocation(IChannelSigner signer) =>
        new(ChannelId, new Secret(signer.RevokeHolderCommitment(LocalCommit.Index - 1)), new Point(signer.GetPerCommitmentPoint(LocalCommit.Index + 1).AsSpan()));
}
