using Microchannels.Cli.Errors;

namespace Microchannels.Cli.Input;

/// <summary>
/// The days_of_week bit mask of a time-of-use period (tariff.proto: bit 0 Sunday … bit 6
/// Saturday) written as operators write it: "mon-fri", "sat,sun", "all".
/// </summary>
public static class WeekDays
{
    public const uint Every = 0b111_1111;

    // Monday-first, the order in which "mon-fri" is a range; the value is the bit number.
    private static readonly (string Name, int Bit)[] Week =
        [("mon", 1), ("tue", 2), ("wed", 3), ("thu", 4), ("fri", 5), ("sat", 6), ("sun", 0)];

    /// <summary>Parses "mon-fri", "sat,sun", "fri-mon" (wrapping), "weekdays", "weekends", "all".</summary>
    public static uint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        uint mask = 0;
        foreach (string item in text.ToLowerInvariant().Split(',', StringSplitOptions.TrimEntries))
        {
            mask |= item switch
            {
                "all" or "daily" => Every,
                "weekdays" => Range(0, 4),
                "weekends" => Range(5, 6),
                _ when item.Contains('-', StringComparison.Ordinal) => Range(Index(item.Split('-')[0], text), Index(item.Split('-', 2)[1], text)),
                _ => Range(Index(item, text), Index(item, text)),
            };
        }

        return mask;
    }

    /// <summary>The mask written back: "all", "mon-fri", "sat,sun", "mon,wed,fri".</summary>
    public static string Format(uint mask)
    {
        if ((mask & Every) == Every)
        {
            return "all";
        }

        var parts = new List<string>();
        int i = 0;
        while (i < Week.Length)
        {
            if ((mask & (1u << Week[i].Bit)) == 0)
            {
                i++;
                continue;
            }

            int end = i;
            while (end + 1 < Week.Length && (mask & (1u << Week[end + 1].Bit)) != 0)
            {
                end++;
            }

            if (end - i >= 2)
            {
                parts.Add($"{Week[i].Name}-{Week[end].Name}");
            }
            else
            {
                for (int d = i; d <= end; d++)
                {
                    parts.Add(Week[d].Name);
                }
            }

            i = end + 1;
        }

        return parts.Count == 0 ? "none" : string.Join(',', parts);
    }

    private static uint Range(int from, int to)
    {
        uint mask = 0;
        for (int d = from; ; d = (d + 1) % Week.Length)
        {
            mask |= 1u << Week[d].Bit;
            if (d == to)
            {
                return mask;
            }
        }
    }

    private static int Index(string day, string text)
    {
        string name = day.Trim();
        for (int i = 0; i < Week.Length; i++)
        {
            if (name.Length >= 3 && Week[i].Name == name[..3] && IsDayName(name, i))
            {
                return i;
            }
        }

        throw new UsageException($"'{text}' is not a set of days: use mon..sun, ranges such as mon-fri, commas (sat,sun), weekdays, weekends or all");
    }

    // "mon" and "monday" are both a day; "monkey" is not.
    private static bool IsDayName(string name, int index)
    {
        string[] full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
        return name.Length == 3 || name == full[index];
    }
}
