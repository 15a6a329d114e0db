using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Keys;
using Microchannels.Channels.Transactions;

namespace Microchannels.Channels.Engine.OnChain;

/// <summary>
/// Sorts a transaction spending the funding output into BOLT 5's categories, from the
/// channel's <see cref="Commitments"/> alone. Pure. Mutual closes are recognised by the
/// closing phases, which know the closing scripts; everything else is decided here.
/// </summary>
public static class FundingSpendClassifier
{
    /// <param name="localPerCommitmentPoint">Our point for <c>LocalCommit.Index</c>, to rebuild our commitment's txid.</param>
    public static FundingSpendClassification Classify(Commitments commitments, Transaction transaction, PublicKey localPerCommitmentPoint)
    {
        ArgumentNullException.ThrowIfNull(commitments);
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(localPerCommitmentPoint);
        if (transaction.Inputs.Length != 1 || transaction.Inputs[0].PrevOut != commitments.Parameters.FundingOutPoint)
        {
            // BOLT 3: commitment and closing transactions have exactly one input, the funding output.
            return FundingSpendClassification.Unknown("it does not spend the funding output as its only input");
        }

        var txId = transaction.GetTxId();
        if (txId == commitments.BuildLocalCommitment(localPerCommitmentPoint).Transaction.GetTxId())
        {
            return new FundingSpendClassification(FundingSpendKind.LocalCommitment, commitments.LocalCommit.Index);
        }

        if (txId == commitments.RemoteCommit.TxId)
        {
            return new FundingSpendClassification(FundingSpendKind.RemoteCommitment, commitments.RemoteCommit.Index);
        }

        if (commitments.NextRemoteCommit is { Commit: var pending } && txId == pending.TxId)
        {
            return new FundingSpendClassification(FundingSpendKind.PendingRemoteCommitment, pending.Index);
        }

        // BOLT 3 "Commitment Transaction": the obscured commitment number sits in the
        // upper 8 bits of sequence (0x80) and locktime (0x20).
        var input = transaction.Inputs[0];
        if (transaction.Version != 2 || ObscuredCommitmentNumber.Decode(input.Sequence, transaction.LockTime, commitments.Parameters.ObscuringFactor) is not { } number)
        {
            return FundingSpendClassification.Unknown("it carries no commitment number");
        }

        ulong newestKnown = commitments.NextRemoteCommit?.Commit.Index ?? commitments.RemoteCommit.Index;
        if (number < commitments.RemoteCommit.Index)
        {
            return ClassifyRevoked(commitments, transaction, number);
        }

        if (number > newestKnown)
        {
            // We signed it (the funding output needs our signature) yet do not know it: we
            // lost data. Our own commitments never pay our static to_remote script, so an
            // output to it tells the peer's commitment from an old one of ours.
            var toRemote = ChannelScripts.ToRemote(commitments.Parameters.Local.Basepoints.PaymentBasepoint);
            return transaction.Outputs.Any(o => o.ScriptPubKey == toRemote)
                ? new FundingSpendClassification(FundingSpendKind.FutureRemoteCommitment, number)
                : FundingSpendClassification.Unknown($"commitment number {number} is newer than any we know and pays us nothing");
        }

        return FundingSpendClassification.Unknown($"commitment number {number} is known, but under another txid");
    }

    private static FundingSpendClassification ClassifyRevoked(Commitments commitments, Transaction transaction, ulong number)
    {
        var secret = commitments.RemoteSecrets.GetSecret(CommitmentIndex.FromCommitmentNumber(number));
        if (secret is null)
        {
            return FundingSpendClassification.Unknown($"no revocation secret is stored for remote commitment {number}");
        }

        // Our own old commitments carry numbers in the same range: only a transaction with
        // an output of the peer's commitment at that point is theirs.
        var scripts = RevokedCommitmentScripts.Derive(commitments.Parameters, KeyDerivation.PerCommitmentPoint(secret));
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(secret);
        bool theirs = transaction.Outputs.Any(o => o.ScriptPubKey == scripts.ToLocalScriptPubKey || o.ScriptPubKey == scripts.ToRemoteScriptPubKey);
        return theirs
            ? new FundingSpendClassification(FundingSpendKind.RevokedRemoteCommitment, number)
            : FundingSpendClassification.Unknown($"commitment number {number} is revoked, but no output matches the peer's commitment at that point");
    }
}
