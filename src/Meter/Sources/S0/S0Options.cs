namespace Microchannels.Meter.Sources.S0;

/// <summary>
/// How an S0 pulse output (DIN 43864 / IEC 62053-31) is read. S0 pulses are at least
/// 30 ms long with gaps of at least 30 ms, so a genuine pulse train stays below about
/// 16.7 Hz; anything faster is contact bounce or interference.
/// </summary>
public sealed record S0Options
{
    /// <summary>The meter constant printed on the meter, imp/kWh (800, 1000, 2000 … 100,000).</summary>
    public uint ImpulsesPerKilowattHour { get; init; } = 1000;

    /// <summary>Falling edges closer than this to the last counted one are bounce.</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>A pulse implying more power than this (from its distance to the last counted pulse) is discarded and raised as an alarm.</summary>
    public double MaximumPowerWatts { get; init; } = 30_000;

    /// <summary>Power is averaged over the pulses of this window (at least the last two pulses).</summary>
    public TimeSpan PowerWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <exception cref="ArgumentOutOfRangeException">A value outside what an S0 meter can be.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ImpulsesPerKilowattHour, 800u, nameof(ImpulsesPerKilowattHour));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ImpulsesPerKilowattHour, 100_000u, nameof(ImpulsesPerKilowattHour));
        ArgumentOutOfRangeException.ThrowIfLessThan(Debounce, TimeSpan.Zero, nameof(Debounce));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaximumPowerWatts, nameof(MaximumPowerWatts));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PowerWindow, TimeSpan.Zero, nameof(PowerWindow));
    }
}
