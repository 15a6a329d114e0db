namespace Microchannels.Meter.Accounting;

/// <summary>
/// A time-of-use table: bands in increasing time of day, the first at midnight, in the local
/// time given by <see cref="UtcOffset"/> (a tariff is set in the provider's local time). One
/// band is a flat tariff.
/// </summary>
public sealed record TariffSchedule : ITariff
{
    public TariffSchedule(IReadOnlyList<TimeOfUseBand> bands, TimeSpan utcOffset = default)
    {
        ArgumentNullException.ThrowIfNull(bands);
        if (bands.Count == 0 || bands[0].From != TimeOnly.MinValue)
        {
            throw new InvalidTariffException("A tariff table needs a band starting at 00:00.");
        }

        for (int i = 1; i < bands.Count; i++)
        {
            if (bands[i].From <= bands[i - 1].From)
            {
                throw new InvalidTariffException($"Band {i} at {bands[i].From} does not follow {bands[i - 1].From}.");
            }
        }

        Bands = [.. bands];
        UtcOffset = utcOffset;
    }

    public static TariffSchedule Flat(TariffPrice price) => new([new TimeOfUseBand(TimeOnly.MinValue, price)]);

    public IReadOnlyList<TimeOfUseBand> Bands { get; }

    public TimeSpan UtcOffset { get; }

    public TariffPrice PriceAt(DateTimeOffset when)
    {
        var local = TimeOnly.FromTimeSpan(when.ToOffset(UtcOffset).TimeOfDay);
        var price = Bands[0].Price;
        foreach (var band in Bands)
        {
            if (band.From > local)
            {
                break;
            }

            price = band.Price;
        }

        return price;
    }

    /// <summary>The next start of a band after <paramref name="after"/> (tomorrow's first if today has none left); null for a flat tariff.</summary>
    public DateTimeOffset? NextChangeAfter(DateTimeOffset after)
    {
        if (Bands.Count == 1)
        {
            return null;
        }

        var local = after.ToOffset(UtcOffset);
        var midnight = new DateTimeOffset(local.Date, UtcOffset);
        foreach (var band in Bands)
        {
            var start = midnight + band.From.ToTimeSpan();
            if (start > local)
            {
                return start;
            }
        }

        return midnight.AddDays(1);
    }

    /// <summary>The highest import price of any band.</summary>
    public ulong HighestImportMsatPerWh => Bands.Max(b => b.Price.ImportMsatPerWh);
}
