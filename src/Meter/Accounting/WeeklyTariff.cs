using Microchannels.Channels.Wire;

namespace Microchannels.Meter.Accounting;

/// <summary>
/// The provider's tariff as its back office sets it (SetTariff) and <c>tariff_update</c>
/// carries it (docs/PROTOCOL.md): a base price, periods on some days of the week between two
/// minutes of the local day with prices of their own, all in one time zone (daylight saving
/// included, as the zone's rules say), and an optional feed-in price that applies throughout.
/// </summary>
public sealed class WeeklyTariff : ITariff
{
    private readonly TariffPeriod[] _periods;
    private readonly TimeZoneInfo _zone;

    /// <exception cref="InvalidTariffException">Two periods overlap, or a price is zero.</exception>
    public WeeklyTariff(ulong importMsatPerWh, ulong? feedInMsatPerWh, IReadOnlyList<TariffPeriod> periods, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(periods);
        ArgumentNullException.ThrowIfNull(zone);
        if (importMsatPerWh == 0 || periods.Any(p => p.MsatPerWh == 0))
        {
            throw new InvalidTariffException("A tariff price of 0 msat/Wh gives energy away; the provider's prices start at 1.");
        }

        for (int i = 0; i < periods.Count; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if ((periods[i].DaysOfWeek & periods[j].DaysOfWeek) != 0 && periods[j].StartMinute < periods[i].EndMinute && periods[i].StartMinute < periods[j].EndMinute)
                {
                    throw new InvalidTariffException($"Period {i} overlaps period {j}: at most one period may apply at any minute.");
                }
            }
        }

        Base = new TariffPrice(importMsatPerWh, feedInMsatPerWh);
        _periods = [.. periods];
        _zone = zone;
    }

    public TariffPrice Base { get; }

    public IReadOnlyList<TariffPeriod> Periods => _periods;

    public TimeZoneInfo Zone => _zone;

    public ulong HighestImportMsatPerWh => _periods.Length == 0 ? Base.ImportMsatPerWh : Math.Max(Base.ImportMsatPerWh, _periods.Max(p => p.MsatPerWh));

    /// <summary>The meter's reading of a <c>tariff_update</c>.</summary>
    /// <exception cref="InvalidTariffException">Overlapping periods, a zero price, or a time zone this device does not know.</exception>
    public static WeeklyTariff From(TariffUpdate message)
    {
        ArgumentNullException.ThrowIfNull(message);
        TimeZoneInfo zone;
        try
        {
            zone = message.TimeZone is { } name ? TimeZoneInfo.FindSystemTimeZoneById(name) : TimeZoneInfo.Utc;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidTariffException($"The tariff's time zone '{message.TimeZone}' is not known on this device (is tzdata installed?).");
        }

        return new WeeklyTariff(message.ImportMsatPerWh, message.FeedInMsatPerWh, [.. message.TimeOfUse], zone);
    }

    public TariffPrice PriceAt(DateTimeOffset when)
    {
        var local = TimeZoneInfo.ConvertTime(when, _zone);
        int day = 1 << (int)local.DayOfWeek;
        int minute = (local.Hour * 60) + local.Minute;
        foreach (var period in _periods)
        {
            if ((period.DaysOfWeek & day) != 0 && period.StartMinute <= minute && minute < period.EndMinute)
            {
                return Base with { ImportMsatPerWh = period.MsatPerWh };
            }
        }

        return Base;
    }

    /// <summary>
    /// The earliest start or end of a period after <paramref name="after"/>, looking eight local
    /// days ahead (a weekly table repeats within that). A local minute that a daylight-saving
    /// jump skips falls on the jump's first instant; one it repeats counts at its first pass.
    /// </summary>
    public DateTimeOffset? NextChangeAfter(DateTimeOffset after)
    {
        if (_periods.Length == 0)
        {
            return null;
        }

        var today = TimeZoneInfo.ConvertTime(after, _zone).Date;
        DateTimeOffset? next = null;
        for (int d = 0; d <= 8; d++)
        {
            var date = today.AddDays(d);
            int day = 1 << (int)date.DayOfWeek;
            foreach (var period in _periods)
            {
                if ((period.DaysOfWeek & day) == 0)
                {
                    continue;
                }

                foreach (int minute in (ReadOnlySpan<int>)[period.StartMinute, period.EndMinute])
                {
                    var instant = ToInstant(date.AddMinutes(minute));
                    if (instant > after && (next is null || instant < next))
                    {
                        next = instant;
                    }
                }
            }

            if (next is not null && next.Value < ToInstant(date.AddDays(1)))
            {
                return next;
            }
        }

        return next;
    }

    /// <summary>A local wall-clock time as an instant in the zone (skipped times move past the gap).</summary>
    private DateTimeOffset ToInstant(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (_zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddMinutes(1);
        }

        var offset = _zone.IsAmbiguousTime(unspecified) ? _zone.GetAmbiguousTimeOffsets(unspecified).Max() : _zone.GetUtcOffset(unspecified);
        return new DateTimeOffset(unspecified, offset);
    }
}
