using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.Closing;

namespace Microchannels.Channels.Tests.Engine.Closing;

public class ClosingFeeratesTests
{
    [Theory]
    [InlineData(1_000u, 500u, 2_000u)]
    [InlineData(300u, 253u, 600u)] // half would be below the relay floor
    [InlineData(200u, 200u, 400u)] // an estimate below the floor is its own minimum
    [InlineData(uint.MaxValue, uint.MaxValue / 2, uint.MaxValue)] // saturates
    public void Around_spans_half_to_twice_the_estimate(uint preferred, uint minimum, uint maximum)
    {
        var feerates = ClosingFeerates.Around(new FeeratePerKw(preferred));
        Assert.Equal(new FeeratePerKw(preferred), feerates.Preferred);
        Assert.Equal(new FeeratePerKw(minimum), feerates.Minimum);
        Assert.Equal(new FeeratePerKw(maximum), feerates.Maximum);
    }

    [Theory]
    [InlineData(1_000u, 1_001u, 2_000u)]
    [InlineData(1_000u, 500u, 999u)]
    public void Preferred_must_lie_within_the_range(uint preferred, uint minimum, uint maximum) =>
        Assert.Throws<ArgumentException>(() => new ClosingFeerates(new FeeratePerKw(preferred), new FeeratePerKw(minimum), new FeeratePerKw(maximum)));
}
