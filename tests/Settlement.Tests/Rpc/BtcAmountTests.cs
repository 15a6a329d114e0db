using FsCheck;
using FsCheck.Fluent;
using Microchannels.Bitcoin;
using Microchannels.Settlement.Rpc;

namespace Microchannels.Settlement.Tests.Rpc;

/// <summary>BTC decimals to satoshis and back, exactly (bitcoind's ValueFromAmount / AmountFromValue).</summary>
public sealed class BtcAmountTests
{
    [Theory]
    [InlineData("50.00000000", 5_000_000_000L)]
    [InlineData("0.1", 10_000_000L)]
    [InlineData("0.00000001", 1L)]
    [InlineData("0.00002820", 2_820L)]
    [InlineData("21000000", 2_100_000_000_000_000L)]
    [InlineData("-0.5", -50_000_000L)]
    [InlineData("0", 0L)]
    public void Btc_to_satoshis(string btc, long satoshis)
    {
        Assert.Equal(new Satoshis(satoshis), BtcAmount.ToSatoshis(decimal.Parse(btc, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(5_000_000_000L, "50.00000000")]
    [InlineData(10_000_001L, "0.10000001")]
    [InlineData(1L, "0.00000001")]
    [InlineData(0L, "0.00000000")]
    [InlineData(2_100_000_000_000_000L, "21000000.00000000")]
    public void Satoshis_to_btc_keeps_eight_decimals(long satoshis, string btc)
    {
        Assert.Equal(btc, BtcAmount.ToBtc(new Satoshis(satoshis)).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_ninth_decimal_is_refused()
    {
        Assert.Throws<ArgumentException>(() => BtcAmount.ToSatoshis(0.000000001m));
    }

    [Fact]
    public void More_than_max_money_is_refused()
    {
        Assert.Throws<ArgumentException>(() => BtcAmount.ToSatoshis(21_000_000.00000001m));
        Assert.Throws<ArgumentException>(() => BtcAmount.ToSatoshis(-21_000_000.00000001m));
        Assert.Throws<ArgumentException>(() => BtcAmount.ToSatoshis(decimal.MaxValue));
    }

    [Fact]
    public void Every_amount_round_trips()
    {
        Gen<long> amounts = FsCheck.FSharp.Gen.Choose64(-Satoshis.MaxMoney.Value, Satoshis.MaxMoney.Value);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(Arb.From(amounts), value =>
            BtcAmount.ToSatoshis(BtcAmount.ToBtc(new Satoshis(value))) == new Satoshis(value)));
    }
}
