namespace Microchannels.Meter.Accounting;

/// <summary>A price that applies from <paramref name="From"/> (local time of day) until the next band starts.</summary>
public readonly record struct TimeOfUseBand(TimeOnly From, TariffPrice Price);
