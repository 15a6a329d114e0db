namespace Microchannels.Channels.Tests.Wire;

/// <summary>Checked millisatoshi arithmetic (STYLE.md #12): overflow is an error, never a wrap.</summary>
public class MilliSatoshisTests
{
    [Fact]
    public void Addition_and_subtraction_within_range()
    {
        var a = new MilliSatoshis(1_500);
        var b = new MilliSatoshis(500);

        Assert.Equal(new MilliSatoshis(2_000), a + b);
        Assert.Equal(new MilliSatoshis(1_000), a - b);
        Assert.True(a > b);
        Assert.Equal("1500 msat", a.ToString());
    }

    [Fact]
    public void Addition_overflowing_u64_throws()
    {
        var max = new MilliSatoshis(ulong.MaxValue);

        Assert.Throws<OverflowException>(() => max + new MilliSatoshis(1));
        Assert.False(MilliSatoshis.TryAdd(max, new MilliSatoshis(1), out _));
    }

    [Fact]
    public void Subtraction_below_zero_throws()
    {
        Assert.Throws<OverflowException>(() => new MilliSatoshis(1) - new MilliSatoshis(2));
        Assert.False(MilliSatoshis.TrySubtract(MilliSatoshis.Zero, new MilliSatoshis(1), out _));
    }

    [Fact]
    public void Satoshi_conversion_is_checked_and_rounds_down()
    {
        Assert.Equal(new MilliSatoshis(1_000_000), MilliSatoshis.FromSatoshis(1_000));
        Assert.Equal(new Microchannels.Bitcoin.Satoshis(1), new MilliSatoshis(1_999).ToSatoshis());
        Assert.Throws<OverflowException>(() => MilliSatoshis.FromSatoshis((ulong.MaxValue / 1000) + 1));
    }

    [Fact]
    public void Money_supply_bound_is_BOLT_1s()
    {
        // BOLT 1: "milli-satoshi amounts MUST be at most 0x1d24b2dfac520000" (21 million BTC).
        Assert.Equal(MilliSatoshis.MaxMoney, MilliSatoshis.FromSatoshis(21_000_000ul * 100_000_000ul).Value);
        Assert.True(new MilliSatoshis(MilliSatoshis.MaxMoney).IsWithinMoneySupply);
        Assert.False(new MilliSatoshis(MilliSatoshis.MaxMoney + 1).IsWithinMoneySupply);
    }
}
