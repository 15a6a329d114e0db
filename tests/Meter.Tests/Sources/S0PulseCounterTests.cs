using Microchannels.Meter.Sources.S0;
using Microchannels.Meter.Tests.Support;

namespace Microchannels.Meter.Tests.Sources;

public class S0PulseCounterTests
{
    private const long Micros = 1_000_000;

    private static S0PulseCounter Counter(uint constant = 1000, double maxWatts = 30_000, int debounceMs = 20) =>
        new(new S0Options { ImpulsesPerKilowattHour = constant, MaximumPowerWatts = maxWatts, Debounce = TimeSpan.FromMilliseconds(debounceMs) }, Micros);

    /// <summary>A clean train: one falling edge every <paramref name="periodMicros"/>.</summary>
    private static IEnumerable<long> Train(long start, long periodMicros, int count) =>
        Enumerable.Range(0, count).Select(i => start + (i * periodMicros));

    [Fact]
    public void A_clean_pulse_train_counts_every_pulse_and_gives_its_power()
    {
        var counter = Counter(constant: 1000);
        foreach (long t in Train(0, 1_200_000, 11))
        {
            Assert.Equal(PulseVerdict.Counted, counter.OnFallingEdge(t));
        }

        // 1000 imp/kWh, one pulse per 1.2 s: 3.6e6 J/kWh / 1000 = 3600 J per pulse, / 1.2 s = 3000 W.
        Assert.Equal(11UL, counter.Pulses);
        Assert.Equal(3000.0, counter.PowerWatts(12_000_000)!.Value, 6);
    }

    [Fact]
    public void Power_follows_the_meter_constant()
    {
        // 800 imp/kWh: 4500 J per pulse; one pulse per 4.5 s is 1000 W.
        var counter = Counter(constant: 800);
        foreach (long t in Train(0, 4_500_000, 5))
        {
            counter.OnFallingEdge(t);
        }

        Assert.Equal(1000.0, counter.PowerWatts(18_000_000)!.Value, 6);
    }

    [Fact]
    public void Contact_bounce_within_the_debounce_time_is_ignored()
    {
        var counter = Counter();
        var input = new FakeEdgeInput();
        var verdicts = new List<PulseVerdict>();
        input.Start(t => verdicts.Add(counter.OnFallingEdge(t)));

        // Each pulse bounces three times within 6 ms of its first edge.
        foreach (long pulse in Train(0, 1_000_000, 10))
        {
            input.Edges([pulse, pulse + 2_000, pulse + 4_000, pulse + 6_000]);
        }

        Assert.Equal(10UL, counter.Pulses);
        Assert.Equal(30UL, counter.Bounces);
        Assert.Equal(0UL, counter.Alarms);
        Assert.Equal(10, verdicts.Count(v => v == PulseVerdict.Counted));
    }

    [Fact]
    public void A_burst_implying_more_than_the_power_limit_is_discarded_and_raised_as_alarms()
    {
        // 1000 imp/kWh, 30 kW: pulses closer than 3600 J / 30 kW = 120 ms are implausible.
        var counter = Counter();
        counter.OnFallingEdge(0);

        // Interference 50 ms apart (72 kW), each past the 20 ms debounce.
        Assert.Equal(PulseVerdict.AbovePowerLimit, counter.OnFallingEdge(50_000));
        Assert.Equal(PulseVerdict.AbovePowerLimit, counter.OnFallingEdge(100_000));
        Assert.Equal(PulseVerdict.Counted, counter.OnFallingEdge(150_000));

        // 50 and 100 ms were refused; 150 ms is 24 kW, under the limit, and counts.
        Assert.Equal(2UL, counter.Alarms);
        Assert.Equal(2UL, counter.Pulses);
    }

    [Fact]
    public void A_burst_between_genuine_pulses_does_not_shift_the_next_genuine_pulse()
    {
        var counter = Counter();
        counter.OnFallingEdge(0);
        foreach (long t in Train(30_000, 30_000, 3))
        {
            Assert.Equal(PulseVerdict.AbovePowerLimit, counter.OnFallingEdge(t)); // 30, 60, 90 ms
        }

        Assert.Equal(PulseVerdict.Counted, counter.OnFallingEdge(1_000_000));
        Assert.Equal(2UL, counter.Pulses);
        Assert.Equal(3UL, counter.Alarms);
    }

    [Fact]
    public void A_gap_lowers_the_power_to_what_one_pulse_over_the_gap_allows()
    {
        var counter = Counter();
        foreach (long t in Train(0, 1_000_000, 5))
        {
            counter.OnFallingEdge(t); // 3600 W
        }

        Assert.Equal(3600.0, counter.PowerWatts(4_500_000)!.Value, 6);

        // An hour after the last pulse: at most one pulse (3600 J) in 3600 s = 1 W.
        Assert.Equal(1.0, counter.PowerWatts(4_000_000 + (3600 * Micros))!.Value, 6);

        // The load resumes: the next pulses count again.
        Assert.Equal(PulseVerdict.Counted, counter.OnFallingEdge(4_000_000 + (3601 * Micros)));
        Assert.Equal(6UL, counter.Pulses);
    }

    [Fact]
    public void An_edge_from_before_the_last_pulse_is_an_alarm_and_not_counted()
    {
        var counter = Counter();
        counter.OnFallingEdge(10 * Micros);
        Assert.Equal(PulseVerdict.OutOfOrder, counter.OnFallingEdge(5 * Micros));
        Assert.Equal(1UL, counter.Pulses);
        Assert.Equal(1UL, counter.Alarms);
    }

    [Fact]
    public void Before_two_pulses_there_is_no_averaged_power()
    {
        var counter = Counter();
        Assert.Null(counter.PowerWatts(0));
        counter.OnFallingEdge(0);
        Assert.Null(counter.PowerWatts(0));
        Assert.Equal(3600.0, counter.PowerWatts(Micros)!.Value, 6);
    }

    [Fact]
    public void A_recorded_stream_with_bounce_bursts_and_gaps_counts_as_hand_tallied()
    {
        // A stream as a logic analyser would record it (µs), tallied by hand:
        // 0: pulse; 3,000 and 9,000: bounce; 600,000: pulse; 640,000: burst (40 ms, 90 kW) alarm;
        // 660,000: burst alarm; 1,200,000: pulse; 1,215,000: bounce; then a 10 minute gap;
        // 601,200,000: pulse; 601,800,000: pulse.
        long[] recorded = [0, 3_000, 9_000, 600_000, 640_000, 660_000, 1_200_000, 1_215_000, 601_200_000, 601_800_000];
        var counter = Counter(constant: 1000);
        var input = new FakeEdgeInput();
        var verdicts = new List<PulseVerdict>();
        input.Start(t => verdicts.Add(counter.OnFallingEdge(t)));
        input.Edges(recorded);

        Assert.Equal(
            [PulseVerdict.Counted, PulseVerdict.Bounce, PulseVerdict.Bounce, PulseVerdict.Counted, PulseVerdict.AbovePowerLimit,
             PulseVerdict.AbovePowerLimit, PulseVerdict.Counted, PulseVerdict.Bounce, PulseVerdict.Counted, PulseVerdict.Counted],
            verdicts);
        Assert.Equal(5UL, counter.Pulses);
        Assert.Equal(2UL, counter.Alarms);
        Assert.Equal(3UL, counter.Bounces);
    }

    [Fact]
    public void The_source_reports_pulses_as_import_units_at_the_meter_constant()
    {
        var clock = new ManualClock();
        var input = new FakeEdgeInput();
        using (var source = new S0PulseSource(input, new S0Options { ImpulsesPerKilowattHour = 2000 }, clock, initialPulses: 4000))
        {
            input.Edges(Train(0, 900_000, 3)); // 2000 imp/kWh: 1800 J per pulse, 0.9 s apart = 2000 W
            clock.AdvanceMicros(1_800_000);
            var snapshot = source.Read();

            Assert.Equal(4003UL, snapshot.ImportUnits);
            Assert.Equal(2001UL, snapshot.ImportWattHours); // 4003 half-watt-hours, rounded down
            Assert.Equal(0UL, snapshot.ExportUnits);
            Assert.Equal(2000.0, snapshot.PowerWatts!.Value, 6);
        }

        Assert.True(input.Disposed);
    }

    [Theory]
    [InlineData(799u)]
    [InlineData(100_001u)]
    public void A_meter_constant_outside_800_to_100000_is_refused(uint constant)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Counter(constant: constant));
    }

    [Fact]
    public void A_chip_is_chosen_by_label_and_a_missing_label_is_a_typed_error()
    {
        var chips = new[]
        {
            new System.Device.Gpio.GpioChipInfo(0, "gpiochip0", "pinctrl-bcm2711", 58),
            new System.Device.Gpio.GpioChipInfo(1, "gpiochip1", "raspberrypi-exp-gpio", 8),
        };
        Assert.Equal(0, GpioChipSelector.ByLabel(chips, "pinctrl-bcm2711").Id);
        var e = Assert.Throws<GpioChipNotFoundException>(() => GpioChipSelector.ByLabel(chips, "pinctrl-rp1"));
        Assert.Equal("pinctrl-rp1", e.Label);
        Assert.Equal(2, e.Available.Count);
    }
}
