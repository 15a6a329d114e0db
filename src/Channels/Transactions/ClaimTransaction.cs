using System.Collections.Immutable;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Channels.Transactions;

/// <summary>
/// An unsigned on-chain claim (BOLT 5): a penalty (justice) transaction that
/// sweeps revoked outputs with the revocation key, or the sweep of our own
/// <c>to_local</c> after <c>to_self_delay</c>. The fee is the given rate times the
/// weight the transaction will have once signed with maximum-size (73-byte)
/// signatures, so the real fee rate is never below the one asked for.
/// </summary>
public sealed record ClaimTransaction(Transaction Transaction, ImmutableArray<ClaimInput> Inputs, int ExpectedWeight, Satoshis Fee)
{
    /// <summary>A DER signature of maximal length plus its sighash byte (BOLT 3 Appendix A assumes 73).</summary>
    internal const int MaxSignatureSize = 73;

    /// <summary>The BIP 143 SIGHASH_ALL digest for input <paramref name="index"/>.</summary>
    public byte[] SignatureHash(int index) =>
        SegwitV0SignatureHash.Compute(Transaction, index, Inputs[index].WitnessScript, Inputs[index].Amount, SigHashType.All);

    internal static (ClaimTransaction? Claim, ClaimSkipReason? Skip) Build(
        IReadOnlyList<ClaimInput> inputs,
        uint sequence,
        Script destination,
        FeeratePerKw feerate,
        Satoshis dustLimit,
        Func<ClaimInput, Witness> placeholderWitness)
    {
        if (inputs.Count == 0)
        {
            return (null, ClaimSkipReason.NothingToClaim);
        }

        long total = inputs.Sum(i => i.Amount.Value);
        var withPlaceholders = new Transaction(
            2,
            [.. inputs.Select(i => new TxIn(i.OutPoint, Script.Empty, sequence, placeholderWitness(i)))],
            [new TxOut(new Satoshis(total), destination)],
            0);
        int weight = withPlaceholders.Weight;
        var fee = feerate.FeeForWeight(weight);
        long claimed = total - fee.Value;
        if (claimed < dustLimit.Value)
        {
            return (null, ClaimSkipReason.AmountBelowDustLimit);
        }

        var unsigned = withPlaceholders with
        {
            Inputs = [.. withPlaceholders.Inputs.Select(i => i with { Witness = Witness.Empty })],
            Outputs = [new TxOut(new Satoshis(claimed), destination)],
        };
        return (new ClaimTransaction(unsigned, [.. inputs], weight, fee), null);
    }
}
