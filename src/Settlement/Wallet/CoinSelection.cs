using System.Collections.Immutable;
using Microchannels.Bitcoin;

namespace Microchannels.Settlement.Wallet;

/// <summary>
/// Largest-first coin selection for P2WPKH coins. Coins are added, largest
/// first, until they cover the amount plus the fee for the transaction's weight
/// (BOLT 3 "Fee Calculation" rounding: weight × feerate / 1000, down). A change
/// output is added when what is left after its own fee is at least the P2WPKH
/// dust threshold; otherwise the remainder goes to the fee.
/// </summary>
public static class CoinSelection
{
    /// <param name="outputsWeight">The weight of the outputs being paid (not the change).</param>
    /// <param name="outputCount">How many outputs are paid (not counting the change).</param>
    public static CoinSelectionResult Select(
        IReadOnlyList<WalletCoin> coins, Satoshis amount, long outputsWeight, int outputCount, FeeratePerKw feerate)
    {
        ArgumentNullException.ThrowIfNull(coins);
        if (amount <= Satoshis.Zero || !amount.IsMoneyRange)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "The amount must be positive and at most MAX_MONEY.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(outputsWeight);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputCount, 1);

        // Largest first; ties by outpoint so the choice is deterministic.
        List<WalletCoin> ordered = [.. coins
            .OrderByDescending(coin => coin.Value.Value)
            .ThenBy(coin => coin.OutPoint.TxId.ToString(), StringComparer.Ordinal)
            .ThenBy(coin => coin.OutPoint.Index)];

        Satoshis total = Satoshis.Zero;
        for (int count = 1; count <= ordered.Count; count++)
        {
            total += ordered[count - 1].Value;
            long weightWithoutChange = SpendWeights.Transaction(count, outputCount, outputsWeight);
            Satoshis feeWithoutChange = feerate.FeeForWeight(weightWithoutChange);
            if (total < amount + feeWithoutChange)
            {
                continue;
            }

            ImmutableArray<WalletCoin> chosen = [.. ordered.Take(count)];
            long weightWithChange = SpendWeights.Transaction(count, outputCount + 1, outputsWeight + SpendWeights.P2wpkhOutput);
            Satoshis change = total - amount - feerate.FeeForWeight(weightWithChange);
            if (change.Value >= SpendWeights.P2wpkhDustThreshold)
            {
                return new CoinSelectionResult(chosen, feerate.FeeForWeight(weightWithChange), change, weightWithChange);
            }

            // Change below dust would not relay (policy IsDust): it is left to the miner.
            return new CoinSelectionResult(chosen, total - amount, Satoshis.Zero, weightWithoutChange);
        }

        Satoshis allFee = feerate.FeeForWeight(SpendWeights.Transaction(Math.Max(1, ordered.Count), outputCount, outputsWeight));
        throw new InsufficientFundsException(amount + allFee, total);
    }
}
