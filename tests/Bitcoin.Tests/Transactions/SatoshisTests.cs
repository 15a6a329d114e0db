namespace Microchannels.Bitcoin.Tests.Transactions;

public class SatoshisTests
{
    [Fact]
    public void Arithmetic_and_comparison()
    {
        var a = new Satoshis(1500);
        var b = new Satoshis(500);

        Assert.Equal(new Satoshis(2000), a + b);
        Assert.Equal(new Satoshis(1000), a - b);
        Assert.True(b < a);
        Assert.True(a >= new Satoshis(1500));
        Assert.True(Satoshis.Zero <= b);
        Assert.Equal("1500 sat", a.ToString());
    }

    [Fact]
    public void Overflow_is_a_programming_error()
    {
        var max = new Satoshis(long.MaxValue);
        Assert.Throws<OverflowException>(() => max + new Satoshis(1));
        Assert.Throws<OverflowException>(() => new Satoshis(long.MinValue) - new Satoshis(1));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(2_100_000_000_000_000, true)]
    [InlineData(2_100_000_000_000_001, false)]
    [InlineData(-1, false)]
    public void Money_range_is_zero_to_max_money(long value, bool inRange)
    {
        Assert.Equal(inRange, new Satoshis(value).IsMoneyRange);
    }
}
