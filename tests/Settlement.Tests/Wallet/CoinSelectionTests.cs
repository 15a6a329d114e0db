using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Wallet;

namespace Microchannels.Settlement.Tests.Wallet;

public sealed class CoinSelectionTests
{
    private static readonly FeeratePerKw Feerate = new(1000);
    private static readonly Satoshis Amount = new(100_000);

    // A P2WSH output: 8 + 1 + 34 bytes.
    private static readonly long FundingOutputWeight = SpendWeights.Output(34);

    // 10 non-witness bytes (version, counts, locktime) + marker/flag + one P2WPKH input + the P2WSH output.
    private const long OneInputNoChangeWeight = 40 + 2 + 273 + 172;
    private const long OneInputWithChangeWeight = OneInputNoChangeWeight + 124;

    [Fact]
    public void The_weights_are_the_hand_counted_ones()
    {
        Assert.Equal(273, SpendWeights.P2wpkhInput);
        Assert.Equal(172, FundingOutputWeight);
        Assert.Equal(124, SpendWeights.P2wpkhOutput);
        Assert.Equal(OneInputNoChangeWeight, SpendWeights.Transaction(1, 1, FundingOutputWeight));
    }

    [Fact]
    public void A_coin_of_exactly_amount_plus_fee_is_spent_without_change()
    {
        CoinSelectionResult result = Select(Amount.Value + OneInputNoChangeWeight);

        Assert.False(result.HasChange);
        Assert.Equal(new Satoshis(OneInputNoChangeWeight), result.Fee);
        Assert.Equal(OneInputNoChangeWeight, result.Weight);
        Assert.Equal(result.InputTotal, Amount + result.Fee);
    }

    [Fact]
    public void A_larger_coin_returns_change_after_the_fee_for_the_change_output_too()
    {
        CoinSelectionResult result = Select(200_000);

        Assert.True(result.HasChange);
        Assert.Equal(new Satoshis(OneInputWithChangeWeight), result.Fee);
        Assert.Equal(new Satoshis(200_000 - 100_000 - OneInputWithChangeWeight), result.Change);
        Assert.Equal(result.InputTotal, Amount + result.Fee + result.Change);
    }

    [Fact]
    public void Change_below_the_294_sat_dust_threshold_is_folded_into_the_fee()
    {
        CoinSelectionResult result = Select(Amount.Value + OneInputWithChangeWeight + 293);

        Assert.False(result.HasChange);
        Assert.Equal(new Satoshis(OneInputWithChangeWeight + 293), result.Fee);
        Assert.Equal(result.InputTotal, Amount + result.Fee);
    }

    [Fact]
    public void Change_of_exactly_294_sat_is_kept()
    {
        CoinSelectionResult result = Select(Amount.Value + OneInputWithChangeWeight + 294);

        Assert.Equal(new Satoshis(294), result.Change);
        Assert.Equal(new Satoshis(OneInputWithChangeWeight), result.Fee);
    }

    [Fact]
    public void Too_little_money_throws_InsufficientFundsException_with_needed_and_available()
    {
        var e = Assert.Throws<InsufficientFundsException>(() => Select(50_000, 40_000));

        // Two inputs: 40 + 2 + 2 * 273 + 172 = 760 weight, 760 sat at 1000 sat/kw.
        Assert.Equal(new Satoshis(100_000 + 760), e.Needed);
        Assert.Equal(new Satoshis(90_000), e.Available);
    }

    [Fact]
    public void An_empty_wallet_throws_InsufficientFundsException_with_nothing_available()
    {
        var e = Assert.Throws<InsufficientFundsException>(() => Select());

        Assert.Equal(Satoshis.Zero, e.Available);
    }

    [Fact]
    public void Coins_are_taken_largest_first_and_only_as_many_as_needed()
    {
        CoinSelectionResult result = Select(30_000, 80_000, 10_000, 50_000);

        Assert.Equal([80_000L, 50_000L], result.Coins.Select(coin => coin.Value.Value));
        Assert.Equal(result.InputTotal, Amount + result.Fee + result.Change);
    }

    [Theory]
    [InlineData(253u)]
    [InlineData(1000u)]
    [InlineData(2501u)]
    [InlineData(12_345u)]
    public void The_fee_is_weight_times_feerate_over_1000_rounded_down(uint feerate)
    {
        CoinSelectionResult result = CoinSelection.Select(Coins(70_000, 70_000), Amount, FundingOutputWeight, 1, new FeeratePerKw(feerate));

        long weight = SpendWeights.Transaction(2, 2, FundingOutputWeight + SpendWeights.P2wpkhOutput);
        Assert.Equal(weight, result.Weight);
        Assert.Equal(new Satoshis(weight * feerate / 1000), result.Fee);
    }

    internal static List<WalletCoin> Coins(params long[] values) =>
        [.. values.Select((value, n) => new WalletCoin(new OutPoint(TxIdOf(n), (uint)n), new Satoshis(value), Script.Empty, 0, 1))];

    private static CoinSelectionResult Select(params long[] values) =>
        CoinSelection.Select(Coins(values), Amount, FundingOutputWeight, 1, Feerate);

    private static TxId TxIdOf(int n)
    {
        byte[] bytes = new byte[TxId.Size];
        bytes[0] = (byte)(n + 1);
        return new TxId(bytes);
    }
}
