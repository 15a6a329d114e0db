using System.Collections.Immutable;
using System.Security.Cryptography;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.OnChain.Errors;
using Microchannels.Channels.Keys;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Transactions;

namespace Microchannels.Channels.Engine.OnChain;

/// <summary>
/// Turns a classified funding spend into an <see cref="OnChainClose"/>: which outputs are
/// ours, and the signed claim to broadcast (BOLT 5, one section per kind). Every claim pays
/// P2WPKH of our <c>payment_basepoint</c>, like a cooperative close with no script given, so
/// the signer that holds the channel can spend it. A claim is priced at resolution time from
/// the host's fee estimate (<see cref="ClaimPricing"/>), never at the commitment's feerate: that
/// is the last <c>update_fee</c> the peer sent, and a cheater lowers it before broadcasting a
/// revoked commitment. Its <see cref="ClaimFees"/> say how <see cref="ClaimBumper"/> re-signs it
/// at a higher fee each block until it confirms. Claims signal BIP 125 replaceability.
/// </summary>
public static class FundingSpendResolver
{
    /// <summary>
    /// How many blocks after it is due our own <c>to_local</c> sweep may take: nobody else can
    /// spend that output (its revocation key is unknown to the peer while the commitment is our
    /// latest), so the schedule is gentle; one day of blocks, the ceiling after half of it.
    /// </summary>
    public const uint SweepWindow = 144;

    /// <param name="pricing">The host's fee estimate and ceiling; null prices at the commitment's feerate with the default ceiling.</param>
    public static OnChainClose Resolve(Commitments commitments, Transaction spending, FundingSpendClassification classification, IChannelSigner signer, ClaimPricing? pricing = null)
    {
        ArgumentNullException.ThrowIfNull(commitments);
        pricing ??= ClaimPricing.FromEstimate(commitments.LocalCommit.Spec.Feerate);
        var (close, claim) = Build(commitments, spending, classification, signer, pricing.Estimate);
        if (claim is null)
        {
            return close;
        }

        var (startDepth, deadlineDepth) = close.Kind == FundingSpendKind.RevokedRemoteCommitment
            ? (1u, (uint)commitments.Parameters.RemoteCommitmentParameters.ToSelfDelay)
            : (close.ClaimDelay, close.ClaimDelay + SweepWindow);
        var fees = new ClaimFees(pricing.Estimate, claim.Fee, claim.ExpectedWeight, pricing.Estimate, pricing.Estimate, pricing.Ceiling, pricing.IncrementalRelay, startDepth, deadlineDepth);
        return close with { Fees = fees };
    }

    /// <summary>
    /// The close with its claim signed at <paramref name="feerate"/>, and the unsigned claim
    /// (its fee and weight), or no claim when there is nothing worth claiming at that rate.
    /// </summary>
    internal static (OnChainClose Close, ClaimTransaction? Claim) Build(Commitments commitments, Transaction spending, FundingSpendClassification classification, IChannelSigner signer, FeeratePerKw feerate)
    {
        ArgumentNullException.ThrowIfNull(commitments);
        ArgumentNullException.ThrowIfNull(spending);
        ArgumentNullException.ThrowIfNull(classification);
        ArgumentNullException.ThrowIfNull(signer);
        return classification.Kind switch
        {
            FundingSpendKind.LocalCommitment => LocalCommitment(commitments, spending, signer, feerate),
            FundingSpendKind.RemoteCommitment or FundingSpendKind.PendingRemoteCommitment or FundingSpendKind.FutureRemoteCommitment =>
                (Unclaimed(classification.Kind, spending, PayingTo(spending, ChannelScripts.ToRemote(commitments.Parameters.Local.Basepoints.PaymentBasepoint))), null),
            FundingSpendKind.RevokedRemoteCommitment => RevokedCommitment(commitments, spending, classification.CommitmentNumber!.Value, signer, feerate),
            FundingSpendKind.MutualClose => (Unclaimed(FundingSpendKind.MutualClose, spending, MutualCloseOutputs(commitments, spending)), null),
            _ => throw new ArgumentException($"Nothing to resolve for a {classification.Kind} spend.", nameof(classification)),
        };
    }

    /// <summary>Where every claim pays: P2WPKH of our <c>payment_basepoint</c>.</summary>
    public static Script Destination(Commitments commitments)
    {
        ArgumentNullException.ThrowIfNull(commitments);
        return StandardScripts.PayToWitnessPubKeyHashFromPublicKey(commitments.Parameters.Local.Basepoints.PaymentBasepoint.AsSpan());
    }

    /// <summary>
    /// BOLT 5 "Unilateral Close Handling: Local Commitment Transaction": "SHOULD spend the
    /// to_local output to a convenient address", after "the OP_CHECKSEQUENCEVERIFY delay"
    /// (the remote's <c>to_self_delay</c>); "MAY ignore the to_remote output". Signed now and
    /// stored, broadcast once the commitment is deep enough (<see cref="OnChainClose.ClaimDue"/>).
    /// </summary>
    private static (OnChainClose, ClaimTransaction?) LocalCommitment(Commitments commitments, Transaction spending, IChannelSigner signer, FeeratePerKw feerate)
    {
        var commitment = commitments.BuildLocalCommitment(signer.GetPerCommitmentPoint(commitments.LocalCommit.Index));
        var delay = commitment.Parameters.ToSelfDelay;
        var (sweep, _) = DelayedOutputSweep.Build(commitment, Destination(commitments), feerate, commitments.Parameters.Local.DustLimit);
        if (sweep is null)
        {
            // No to_local, or below the dust limit after the fee: nothing to sweep.
            return (new OnChainClose(FundingSpendKind.LocalCommitment, spending, null, delay, [], 0, 0), null);
        }

        var signature = signer.SignDelayedSweep(sweep, commitments.LocalCommit.Index);
        Verify(commitments, spending, commitment.Keys.LocalDelayedPubKey, sweep, 0, signature);
        var signed = sweep.Transaction.WithWitness(0, ChannelWitnesses.ToLocalDelayed(signature, sweep.Inputs[0].WitnessScript));
        return (new OnChainClose(FundingSpendKind.LocalCommitment, spending, signed, delay, [new ResolvedOutput(new OutPoint(signed.GetTxId(), 0), signed.Outputs[0].Value)], 0, 0), sweep);
    }

    /// <summary>
    /// BOLT 5 "Revoked Transaction Close Handling": "MUST resolve the remote node's main
    /// output by spending it using the revocation private key"; "MAY take no action regarding
    /// the local node's main output" (our static <c>to_remote</c>). Without the old spec the
    /// scripts are rebuilt from the revealed secret (<see cref="RevokedCommitmentScripts"/>) and
    /// matched by P2WSH; there are no HTLCs (DESIGN.md decision 2), so every revoked output is
    /// a <c>to_local</c>. One transaction resolves them all ("MAY use a single transaction").
    /// </summary>
    private static (OnChainClose, ClaimTransaction?) RevokedCommitment(Commitments commitments, Transaction spending, ulong number, IChannelSigner signer, FeeratePerKw feerate)
    {
        var secret = commitments.RemoteSecrets.GetSecret(CommitmentIndex.FromCommitmentNumber(number))
            ?? throw new ArgumentException($"No secret is stored for remote commitment {number}.", nameof(number));
        try
        {
            var scripts = RevokedCommitmentScripts.Derive(commitments.Parameters, KeyDerivation.PerCommitmentPoint(secret));
            var spendingTxId = spending.GetTxId();
            var revoked = spending.Outputs
                .Select((o, i) => (Output: o, Index: i))
                .Where(o => o.Output.ScriptPubKey == scripts.ToLocalScriptPubKey)
                .Select(o => new ClaimInput(new OutPoint(spendingTxId, (uint)o.Index), o.Output.Value, scripts.ToLocalWitnessScript, ClaimedOutputKind.ToLocal))
                .ToList();
            var ours = PayingTo(spending, scripts.ToRemoteScriptPubKey);
            var (penalty, _) = PenaltyTransaction.Build(revoked, scripts.RevocationPubKey, Destination(commitments), feerate, commitments.Parameters.Local.DustLimit);
            if (penalty is null)
            {
                // The cheater's output is absent or not worth its fee: our to_remote is all there is.
                return (Unclaimed(FundingSpendKind.RevokedRemoteCommitment, spending, ours), null);
            }

            var signed = penalty.Transaction;
            for (int i = 0; i < penalty.Inputs.Length; i++)
            {
                var signature = signer.SignJusticeInput(penalty, i, secret);
                Verify(commitments, spending, scripts.RevocationPubKey, penalty, i, signature);
                signed = signed.WithWitness(i, PenaltyTransaction.Witness(penalty.Inputs[i], signature, scripts.RevocationPubKey));
            }

            return (new OnChainClose(FundingSpendKind.RevokedRemoteCommitment, spending, signed, 0, ours.Add(new ResolvedOutput(new OutPoint(signed.GetTxId(), 0), signed.Outputs[0].Value)), 0, 0), penalty);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>
    /// BOLT 5 "Mutual Close Handling": "need not do anything else". Our output pays our
    /// shutdown script: the default one, or else the output holding our final balance
    /// (BOLT 3 "Legacy Closing Transaction": rounded down, less the fee if we funded).
    /// </summary>
    private static ImmutableArray<ResolvedOutput> MutualCloseOutputs(Commitments commitments, Transaction closing)
    {
        var byScript = PayingTo(closing, Destination(commitments));
        if (!byScript.IsEmpty)
        {
            return byScript;
        }

        long fee = commitments.Parameters.FundingAmount.Value - closing.Outputs.Sum(o => o.Value.Value);
        long ours = commitments.LocalCommit.Spec.ToLocal.ToSatoshis().Value - (commitments.Parameters.LocalIsOpener ? fee : 0);
        int index = closing.Outputs.ToList().FindIndex(o => o.Value.Value == ours);
        return index < 0 ? [] : [new ResolvedOutput(new OutPoint(closing.GetTxId(), (uint)index), closing.Outputs[index].Value)];
    }

    private static OnChainClose Unclaimed(FundingSpendKind kind, Transaction spending, ImmutableArray<ResolvedOutput> ours) =>
        new(kind, spending, null, 0, ours, 0, 0);

    private static ImmutableArray<ResolvedOutput> PayingTo(Transaction transaction, Script script)
    {
        var txId = transaction.GetTxId();
        return [.. transaction.Outputs
            .Select((o, i) => (Output: o, Index: i))
            .Where(o => o.Output.ScriptPubKey == script)
            .Select(o => new ResolvedOutput(new OutPoint(txId, (uint)o.Index), o.Output.Value))];
    }

    /// <summary>The signer's answer is checked before anything is stored or broadcast.</summary>
    private static void Verify(Commitments commitments, Transaction spending, PublicKey key, ClaimTransaction claim, int index, EcdsaSignature signature)
    {
        if (!key.Verify(claim.SignatureHash(index), signature))
        {
            throw new InvalidClaimSignatureException(commitments.ChannelId, spending.GetTxId(), index);
        }
    }
}
