namespace Microchannels.Meter.Sources;

/// <summary>
/// Conversions between a <see cref="TimeProvider"/>'s monotonic timestamps and durations.
/// Pulse timing uses timestamps (never wall time, which NTP may step); tests drive a
/// manual provider so a day passes in microseconds.
/// </summary>
public static class MonotonicClock
{
    public static double SecondsBetween(TimeProvider clock, long from, long to)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return (to - from) / (double)clock.TimestampFrequency;
    }

    public static long TicksOf(TimeProvider clock, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return (long)(duration.Ticks * (clock.TimestampFrequency / (double)TimeSpan.TicksPerSecond));
    }
}
