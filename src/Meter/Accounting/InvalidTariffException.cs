namespace Microchannels.Meter.Accounting;

/// <summary>A tariff table that does not cover the day exactly once (bands unsorted, repeated, or not starting at midnight).</summary>
public sealed class InvalidTariffException(string message) : Exception(message);
