namespace Microchannels.Meter.Tests;

public class EnergyRegisterTests
{
    [Theory]
    [InlineData(1000u, 0UL, 0UL)]
    [InlineData(1000u, 1UL, 1UL)]       // 1000 imp/kWh: one pulse is one watt-hour
    [InlineData(2000u, 1UL, 0UL)]       // half a watt-hour is not billed yet
    [InlineData(2000u, 3UL, 1UL)]
    [InlineData(800u, 8UL, 10UL)]
    [InlineData(1u, 5UL, 5000UL)]
    [InlineData(3u, 1UL, 333UL)]        // a third of a kWh: 333.33 Wh
    [InlineData(1_000_000u, 999UL, 0UL)] // 999 mWh
    [InlineData(1_000_000u, 1000UL, 1UL)]
    public void Watt_hours_are_pulses_over_the_meter_constant_rounded_down(uint constant, ulong pulses, ulong expectedWh)
    {
        Assert.Equal(expectedWh, new EnergyRegister(constant).Count(pulses).CumulativeWattHours);
    }

    [Fact]
    public void Counting_is_cumulative_and_loses_no_fraction()
    {
        var register = new EnergyRegister(2000);
        for (int i = 0; i < 3; i++)
        {
            register = register.Count(1);
        }

        // Three half-watt-hours: 1 Wh billed, the half carried in the pulse count.
        Assert.Equal(3UL, register.PulseCount);
        Assert.Equal(1UL, register.CumulativeWattHours);
        Assert.Equal(2UL, register.Count(1).CumulativeWattHours);
    }

    [Fact]
    public void A_register_near_the_top_of_its_range_does_not_overflow_silently()
    {
        // 18,446,744,073,709,551,614 pulses at 1,000,000 imp/kWh are 1 mWh each:
        // 18,446,744,073,709,551.614 Wh, of which the whole 18,446,744,073,709,551 are billed.
        // (Computed by hand: pulses x 1000 would overflow u64, so the register must widen.)
        var register = new EnergyRegister(1_000_000, 18_446_744_073_709_551_614UL);
        Assert.Equal(18_446_744_073_709_551UL, register.CumulativeWattHours);
        Assert.Throws<OverflowException>(() => register.Count(2));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(1_000_001u)]
    public void An_impossible_meter_constant_is_refused(uint constant)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EnergyRegister(constant));
    }
}
