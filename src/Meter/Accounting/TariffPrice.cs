namespace Microchannels.Meter.Accounting;

/// <summary>
/// What a watt-hour costs: <paramref name="ImportMsatPerWh"/> paid by the buyer for energy
/// taken, and optionally <paramref name="FeedInMsatPerWh"/> paid by the provider for energy
/// fed in (1 msat/Wh is 1 sat/kWh).
/// </summary>
public readonly record struct TariffPrice(ulong ImportMsatPerWh, ulong? FeedInMsatPerWh = null);
