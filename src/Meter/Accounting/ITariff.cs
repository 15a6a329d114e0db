namespace Microchannels.Meter.Accounting;

/// <summary>What a watt-hour costs at any instant: the meter's own flat tariff, or the provider's weekly table.</summary>
public interface ITariff
{
    /// <summary>The highest import price any period asks: what the meter's ceiling is checked against.</summary>
    ulong HighestImportMsatPerWh { get; }

    /// <summary>The price in force at <paramref name="when"/>.</summary>
    TariffPrice PriceAt(DateTimeOffset when);

    /// <summary>
    /// The first instant after <paramref name="after"/> at which the price may change (a period
    /// starts or ends), or null if it never does. The streamer records the energy at each such
    /// instant, so no interval straddles two prices.
    /// </summary>
    DateTimeOffset? NextChangeAfter(DateTimeOffset after);
}
