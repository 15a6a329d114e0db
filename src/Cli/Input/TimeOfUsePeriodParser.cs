using System.Globalization;
using Microchannels.Cli.Errors;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Cli.Input;

/// <summary>
/// Reads one --period of a time-of-use table: "DAYS HH:MM-HH:MM MSAT_PER_WH [LABEL]", for
/// example "mon-fri 07:00-22:00 300 peak". The times are minutes of the day in the tariff's
/// time zone; the end is exclusive and may be 24:00 (tariff.proto TimeOfUsePeriod).
/// </summary>
public static class TimeOfUsePeriodParser
{
    public static TimeOfUsePeriod Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] words = text.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length < 3)
        {
            throw Malformed(text, "it needs days, a time span and a price");
        }

        string[] span = words[1].Split('-');
        if (span.Length != 2)
        {
            throw Malformed(text, $"'{words[1]}' is not a time span such as 07:00-22:00");
        }

        uint start = Minute(span[0], text);
        uint end = Minute(span[1], text);
        if (end <= start)
        {
            throw Malformed(text, "the end must be after the start (a period over midnight is written as two periods, e.g. 22:00-24:00 and 00:00-06:00)");
        }

        if (!long.TryParse(words[2], NumberStyles.None, CultureInfo.InvariantCulture, out long price))
        {
            throw Malformed(text, $"'{words[2]}' is not a price in msat per Wh (a whole number)");
        }

        return new TimeOfUsePeriod
        {
            DaysOfWeek = WeekDays.Parse(words[0]),
            StartMinute = start,
            EndMinute = end,
            MsatPerWh = price,
            Label = words.Length > 3 ? words[3] : "",
        };
    }

    /// <summary>A minute of the day as HH:MM ("24:00" for the end of the day).</summary>
    public static string FormatMinute(uint minute) =>
        string.Create(CultureInfo.InvariantCulture, $"{minute / 60:00}:{minute % 60:00}");

    private static uint Minute(string time, string text)
    {
        string[] parts = time.Split(':');
        if (parts.Length != 2
            || parts[1].Length != 2
            || !uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint hours)
            || !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out uint minutes)
            || minutes > 59
            || hours * 60 + minutes > 1440)
        {
            throw Malformed(text, $"'{time}' is not a time of day HH:MM from 00:00 to 24:00");
        }

        return hours * 60 + minutes;
    }

    private static UsageException Malformed(string text, string why) =>
        new($"--period '{text}': {why}; write DAYS HH:MM-HH:MM MSAT_PER_WH [LABEL], e.g. \"mon-fri 07:00-22:00 300 peak\"");
}
