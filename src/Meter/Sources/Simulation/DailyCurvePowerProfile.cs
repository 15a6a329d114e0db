namespace Microchannels.Meter.Sources.Simulation;

/// <summary>
/// A household's day: 24 hourly powers, linearly interpolated between the hours and
/// repeated every day (hour 23 runs into hour 0 of the next day).
/// </summary>
public sealed class DailyCurvePowerProfile : PowerProfile
{
    private readonly double[] _hourly;

    public DailyCurvePowerProfile(IReadOnlyList<double> hourlyWatts)
    {
        ArgumentNullException.ThrowIfNull(hourlyWatts);
        if (hourlyWatts.Count != 24 || hourlyWatts.Any(w => w < 0 || !double.IsFinite(w)))
        {
            throw new ArgumentException("A daily curve is 24 finite, non-negative hourly powers.", nameof(hourlyWatts));
        }

        _hourly = [.. hourlyWatts];
    }

    /// <summary>A typical household: low at night, a morning peak and a larger evening peak.</summary>
    public static DailyCurvePowerProfile Household { get; } = new(
    [
        200, 180, 170, 170, 180, 250, 600, 900, 700, 500, 450, 500,
        650, 550, 450, 450, 550, 900, 1400, 1600, 1300, 900, 500, 300,
    ]);

    public override double WattsAt(TimeSpan sinceStart)
    {
        double hours = sinceStart.TotalHours % 24;
        int hour = (int)hours;
        double fraction = hours - hour;
        return (_hourly[hour] * (1 - fraction)) + (_hourly[(hour + 1) % 24] * fraction);
    }
}
