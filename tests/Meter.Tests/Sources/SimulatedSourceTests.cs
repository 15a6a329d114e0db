using Microchannels.Meter.Sources.S0;
using Microchannels.Meter.Sources.Simulation;
using Microchannels.Meter.Tests.Support;

namespace Microchannels.Meter.Tests.Sources;

public class SimulatedSourceTests
{
    private static void Run(ManualClock clock, SimulatedPulseSource source, TimeSpan duration, TimeSpan readEvery)
    {
        for (var t = TimeSpan.Zero; t < duration; t += readEvery)
        {
            clock.Advance(readEvery);
            source.Read();
        }
    }

    [Fact]
    public void One_kilowatt_for_an_hour_is_one_kilowatt_hour_of_pulses()
    {
        // 1000 imp/kWh: 1 kWh is 1000 pulses, one every 3.6 s at 1 kW.
        var clock = new ManualClock();
        var source = new SimulatedPulseSource(new ConstantPowerProfile(1000), new S0Options { ImpulsesPerKilowattHour = 1000 }, clock);
        Run(clock, source, TimeSpan.FromHours(1), TimeSpan.FromSeconds(5));

        var snapshot = source.Read();
        Assert.InRange(snapshot.ImportUnits, 999UL, 1000UL); // the 1000th pulse completes at the last instant
        Assert.Equal(1000.0, snapshot.PowerWatts!.Value, 3);
        Assert.Equal(0UL, snapshot.Alarms);
    }

    [Fact]
    public void A_compressed_household_day_registers_the_curve_energy()
    {
        // The household curve's 24 hourly points sum to 4800 + 9550 = 14,350 W·h; linear
        // interpolation that wraps at midnight integrates to exactly that per day.
        var clock = new ManualClock();
        var source = new SimulatedPulseSource(DailyCurvePowerProfile.Household, new S0Options { ImpulsesPerKilowattHour = 1000 }, clock);
        Run(clock, source, TimeSpan.FromDays(1), TimeSpan.FromSeconds(5));

        Assert.InRange(source.Read().ImportWattHours, 14_348UL, 14_350UL);
    }

    [Fact]
    public void The_meter_constant_scales_the_pulses_not_the_energy()
    {
        // 2 kW for 30 minutes is 1 kWh: 800 pulses at 800 imp/kWh, 10,000 at 10,000 imp/kWh.
        foreach (var (constant, pulses) in new[] { (800u, 800UL), (10_000u, 10_000UL) })
        {
            var clock = new ManualClock();
            var source = new SimulatedPulseSource(new ConstantPowerProfile(2000), new S0Options { ImpulsesPerKilowattHour = constant }, clock);
            Run(clock, source, TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(5));
            Assert.InRange(source.Read().ImportUnits, pulses - 1, pulses);
        }
    }

    [Fact]
    public void A_random_walk_is_reproducible_bounded_and_counted_within_one_pulse()
    {
        ulong Walk(out double joules)
        {
            var profile = new RandomWalkPowerProfile(seed: 7, startWatts: 1500, maxStepWatts: 400, TimeSpan.FromMinutes(1), minWatts: 0, maxWatts: 5000);
            var clock = new ManualClock();
            var source = new SimulatedPulseSource(profile, new S0Options { ImpulsesPerKilowattHour = 2000 }, clock);
            Run(clock, source, TimeSpan.FromHours(6), TimeSpan.FromSeconds(5));
            for (int minute = 0; minute < 360; minute++)
            {
                Assert.InRange(profile.WattsAt(TimeSpan.FromMinutes(minute)), 0, 5000);
            }

            joules = source.DeliveredJoules;
            return source.Read().ImportUnits;
        }

        ulong first = Walk(out double delivered);
        Assert.Equal(first, Walk(out _));

        // 2000 imp/kWh: 1800 J per pulse; the register lags the energy by less than one pulse.
        double pulsesDelivered = delivered / 1800;
        Assert.InRange(first, (ulong)pulsesDelivered - 1, (ulong)Math.Ceiling(pulsesDelivered));
    }

    [Fact]
    public void A_load_above_the_power_limit_raises_alarms_instead_of_counting()
    {
        // 40 kW at 1000 imp/kWh: pulses 90 ms apart, under the 120 ms a 30 kW limit allows.
        var clock = new ManualClock();
        var source = new SimulatedPulseSource(new ConstantPowerProfile(40_000), new S0Options { ImpulsesPerKilowattHour = 1000 }, clock);
        Run(clock, source, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5));

        var snapshot = source.Read();
        Assert.True(snapshot.Alarms > 0);
        Assert.True(snapshot.ImportUnits < 667); // 40 kW for 60 s would be 666.7 pulses
    }
}
