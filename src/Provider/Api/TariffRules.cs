using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Wire;
using Microchannels.Provider.Api.V1;
using Microchannels.Provider.Data;

namespace Microchannels.Provider.Api;

/// <summary>What a tariff must satisfy (tariff.proto), and the price it gives at an instant.</summary>
internal static class TariffRules
{
    public const long MaxMsatPerWh = 1_000_000_000;
    public const int MaxPeriods = 336;

    /// <summary>The default tariff before any is set: 1 msat per Wh all the time, UTC.</summary>
    public static Tariff Initial => new() { BaseMsatPerWh = 1 };

    public static void Validate(Tariff tariff)
    {
        if (tariff.BaseMsatPerWh is < 1 or > MaxMsatPerWh)
        {
            throw ApiArguments.Invalid($"tariff.base_msat_per_wh must be from 1 to {MaxMsatPerWh}");
        }

        if (tariff.FeedInMsatPerWh is < 0 or > MaxMsatPerWh)
        {
            throw ApiArguments.Invalid($"tariff.feed_in_msat_per_wh must be from 0 to {MaxMsatPerWh}");
        }

        if (tariff.Periods.Count > MaxPeriods)
        {
            throw ApiArguments.Invalid($"a tariff has at most {MaxPeriods} periods");
        }

        _ = Zone(tariff.TimeZone);
        for (int i = 0; i < tariff.Periods.Count; i++)
        {
            var period = tariff.Periods[i];
            string name = $"tariff.periods[{i}]";
            if (period.DaysOfWeek is < 1 or > 127)
            {
                throw ApiArguments.Invalid($"{name}.days_of_week must be a mask from 1 to 127 (bit 0 Sunday ... bit 6 Saturday)");
            }

            if (period.StartMinute > 1439 || period.EndMinute > 1440 || period.EndMinute <= period.StartMinute)
            {
                throw ApiArguments.Invalid($"{name} needs 0 <= start_minute < end_minute <= 1440 (split a period over midnight in two)");
            }

            if (period.MsatPerWh is < 1 or > MaxMsatPerWh)
            {
                throw ApiArguments.Invalid($"{name}.msat_per_wh must be from 1 to {MaxMsatPerWh}");
            }

            ApiArguments.Text(period.Label, $"{name}.label", 64);
            for (int j = 0; j < i; j++)
            {
                var other = tariff.Periods[j];
                if ((other.DaysOfWeek & period.DaysOfWeek) != 0 && other.StartMinute < period.EndMinute && period.StartMinute < other.EndMinute)
                {
                    throw ApiArguments.Invalid($"{name} overlaps tariff.periods[{j}]: at most one period may apply at any minute");
                }
            }
        }
    }

    /// <summary>The price at <paramref name="now"/>: the period that covers it in the tariff's zone, else the base price.</summary>
    public static long PriceAt(Tariff tariff, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, Zone(tariff.TimeZone));
        uint day = 1u << (int)local.DayOfWeek;
        uint minute = (uint)(local.Hour * 60 + local.Minute);
        var period = tariff.Periods.FirstOrDefault(p => (p.DaysOfWeek & day) != 0 && p.StartMinute <= minute && minute < p.EndMinute);
        return period?.MsatPerWh ?? tariff.BaseMsatPerWh;
    }

    /// <summary>The tariff <paramref name="meter"/> pays (its own, else the default, else <see cref="Initial"/>); null asks for the default.</summary>
    public static (Tariff Tariff, bool Specific, long UpdatedAtMs) Effective(ProviderDatabase database, PublicKey? meter)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (meter is not null && database.GetTariff(meter) is { } own)
        {
            return (Tariff.Parser.ParseFrom(own.Tariff), true, own.UpdatedAtMs);
        }

        return database.GetTariff(null) is { } fallback
            ? (Tariff.Parser.ParseFrom(fallback.Tariff), false, fallback.UpdatedAtMs)
            : (Initial, false, 0);
    }

    /// <summary>The <c>tariff_update</c> that tells the meter on <paramref name="channel"/> this tariff (docs/PROTOCOL.md).</summary>
    public static TariffUpdate ToMessage(Tariff tariff, ChannelId channel)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        return new TariffUpdate(
            channel,
            (ulong)tariff.BaseMsatPerWh,
            tariff.FeedInMsatPerWh > 0 ? (ulong)tariff.FeedInMsatPerWh : null,
            new ValueList<TariffPeriod>(tariff.Periods.Select(p => new TariffPeriod((byte)p.DaysOfWeek, (ushort)p.StartMinute, (ushort)p.EndMinute, (ulong)p.MsatPerWh))),
            tariff.TimeZone.Length == 0 ? null : tariff.TimeZone);
    }

    private static TimeZoneInfo Zone(string name)
    {
        if (name.Length == 0)
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw ApiArguments.Invalid($"tariff.time_zone '{ApiArguments.Text(name, "tariff.time_zone", 64)}' is not a known IANA time zone (like Europe/Berlin); empty means UTC");
        }
    }
}
