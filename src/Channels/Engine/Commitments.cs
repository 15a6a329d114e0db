using System.Collections.Immutable;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Keys;
using Microchannels.Channels.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine;

/// <summary>
/// The heart of a channel in normal operation: both sides' latest commitments,
/// the updates in flight, and the counterparty's revealed secrets. Immutable; every
/// operation is a pure function returning a new <see cref="Commitments"/> and the
/// message to send (eclair's <c>Commitments.scala</c>, STYLE.md #1). A rule broken
/// throws a <see cref="Errors.ChannelException"/> and leaves this instance as it was.
/// <see cref="LastLocalReading"/> and <see cref="LastRemoteReading"/> are the meter
/// readings of the last transfer of each side that a signature covers: readings move
/// forward per proposer (transfers in the two directions cross in flight), and a
/// proposal dropped at a disconnection must not move the mark.
/// The shell stores the returned state BEFORE sending the message (DESIGN.md decision 4).
/// </summary>
public sealed partial record Commitments(
    ChannelParameters Parameters,
    LocalCommit LocalCommit,
    RemoteCommit RemoteCommit,
    ChangeSet LocalChanges,
    ChangeSet RemoteChanges,
    ulong LocalNextTransferId,
    ulong RemoteNextTransferId,
    PendingRemoteCommit? NextRemoteCommit,
    PublicKey? RemoteNextPerCommitmentPoint,
    PerCommitmentSecretStore RemoteSecrets,
    MeterReading? LastLocalReading,
    MeterReading? LastRemoteReading)
{
    public ChannelId ChannelId => Parameters.ChannelId;

    /// <summary>We signed their next commitment and wait for its <c>revoke_and_ack</c>.</summary>
    public bool AwaitingRevocation => NextRemoteCommit is not null;

    /// <summary>
    /// The state right after <c>channel_ready</c> (BOLT 2 "Channel Establishment"):
    /// commitment 0 on both sides, signed, with the counterparty's points for its
    /// commitments 0 (<c>first_per_commitment_point</c>) and 1
    /// (<c>second_per_commitment_point</c> from <c>channel_ready</c>).
    /// </summary>
    public static Commitments AfterChannelReady(
        ChannelParameters parameters,
        CommitmentSpec localSpec,
        EcdsaSignature remoteSignatureOfLocalCommit,
        PublicKey remoteFirstPerCommitmentPoint,
        PublicKey remoteSecondPerCommitmentPoint)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(localSpec);
        var remoteSpec = localSpec.Mirror();
        var remoteKeys = CommitmentKeys.Derive(parameters.Remote.Basepoints, parameters.Local.Basepoints, remoteFirstPerCommitmentPoint);
        var remoteTx = CommitmentTransaction.Build(parameters.RemoteCommitmentParameters, remoteKeys, 0, remoteSpec);
        return new Commitments(
            parameters,
            new LocalCommit(0, localSpec, remoteSignatureOfLocalCommit),
            new RemoteCommit(0, remoteSpec, remoteTx.Transaction.GetTxId(), remoteFirstPerCommitmentPoint),
            ChangeSet.Empty,
            ChangeSet.Empty,
            0,
            0,
            null,
            remoteSecondPerCommitmentPoint,
            PerCommitmentSecretStore.Empty,
            null,
            null);
    }

    /// <summary>The reading a new transfer of ours must not go back from: our last proposal's, else the last signed one.</summary>
    internal MeterReading? PreviousLocalReading => LastReadingIn(LocalChanges.Proposed) ?? LastLocalReading;

    /// <summary>Likewise for the counterparty's transfers.</summary>
    internal MeterReading? PreviousRemoteReading => LastReadingIn(RemoteChanges.Proposed) ?? LastRemoteReading;

    /// <summary>Our latest commitment transaction, unsigned, rebuilt from its spec.</summary>
    public CommitmentTransaction BuildLocalCommitment(PublicKey localPerCommitmentPoint)
    {
        var keys = CommitmentKeys.Derive(Parameters.Local.Basepoints, Parameters.Remote.Basepoints, localPerCommitmentPoint);
        return CommitmentTransaction.Build(Parameters.LocalCommitmentParameters, keys, LocalCommit.Index, LocalCommit.Spec);
    }

    /// <summary>
    /// Our latest commitment with both funding signatures, ready to broadcast (BOLT 5
    /// "Unilateral Close Handling"). The signer refuses if it was revoked.
    /// </summary>
    public Transaction SignedLocalCommitment(IChannelSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var commitment = BuildLocalCommitment(signer.GetPerCommitmentPoint(LocalCommit.Index));
        var witness = ChannelWitnesses.Funding(
            Parameters.Local.Basepoints.FundingPubKey,
            signer.SignHolderCommitment(commitment),
            Parameters.Remote.Basepoints.FundingPubKey,
            LocalCommit.RemoteSignature);
        return commitment.Transaction.WithWitness(0, witness);
    }

    /// <summary>Searched from the end (O(log n) per step), so each of thousands of pipelined proposals costs no scan of those before it.</summary>
    private static MeterReading? LastReadingIn(ImmutableList<ChannelUpdate> updates)
    {
        for (int i = updates.Count - 1; i >= 0; i--)
        {
            if (updates[i] is TransferUpdate transfer)
            {
                return transfer.Reading.Reading;
            }
        }

        return null;
    }
}
