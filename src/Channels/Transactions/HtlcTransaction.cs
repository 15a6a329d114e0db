using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Channels.Transactions;

/// <summary>
/// An unsigned second-stage HTLC-timeout (for an HTLC the owner offered) or
/// HTLC-success (for one it received) transaction: BOLT 3 "HTLC-Timeout and
/// HTLC-Success Transactions", without <c>option_anchors</c>.
/// </summary>
public sealed record HtlcTransaction(Transaction Transaction, CommitmentOutput Spent, Script OutputWitnessScript)
{
    public bool IsSuccess => Spent.Kind == CommitmentOutputKind.ReceivedHtlc;

    public Htlc Htlc => Spent.Htlc!;

    /// <summary>The BIP 143 SIGHASH_ALL digest both HTLC keys sign.</summary>
    public byte[] SignatureHash() =>
        SegwitV0SignatureHash.Compute(Transaction, 0, Spent.WitnessScript!, Spent.Amount, SigHashType.All);

    /// <summary>One transaction per HTLC output of <paramref name="commitment"/>, in output order.</summary>
    public static IReadOnlyList<HtlcTransaction> BuildAll(CommitmentTransaction commitment, FeeratePerKw feerate)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        var commitmentTxId = commitment.Transaction.GetTxId();
        var keys = commitment.Keys;

        // The output returns to the owner through the same revocable, delayed script as to_local.
        var outputScript = ChannelScripts.ToLocal(keys.RevocationPubKey, commitment.Parameters.ToSelfDelay, keys.LocalDelayedPubKey);
        var result = new List<HtlcTransaction>();
        foreach (var output in commitment.HtlcOutputs)
        {
            var htlc = output.Htlc!;
            var fee = CommitmentWeights.SecondStageFee(htlc.Direction, feerate);

            // "locktime: 0 for HTLC-success, cltv_expiry for HTLC-timeout"; "sequence: 0".
            uint lockTime = htlc.Direction == HtlcDirection.Offered ? htlc.CltvExpiry : 0;
            var transaction = new Transaction(
                2,
                [new TxIn(new OutPoint(commitmentTxId, (uint)output.Index), Script.Empty, 0, Witness.Empty)],
                [new TxOut(output.Amount - fee, StandardScripts.PayToWitnessScriptHash(outputScript))],
                lockTime);
            result.Add(new HtlcTransaction(transaction, output, outputScript));
        }

        return result;
    }
}
