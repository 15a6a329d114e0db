using Microchannels.Cli.Input;
using Microchannels.Provider.Api.V1;
using Spectre.Console.Rendering;

namespace Microchannels.Cli.Output;

/// <summary>Tables for tariffs: the base price, the time zone, and the time-of-use table.</summary>
public static class TariffViews
{
    private static readonly string[] PeriodHeaders = ["days", "from", "to", "msat/Wh", "label"];

    public static IRenderable Got(GetTariffResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Render(
            response.Tariff,
            ("applies to", response.MeterSpecific ? "this meter only" : "default"),
            ("price now (msat/Wh)", Show.Amount(response.CurrentMsatPerWh)),
            ("updated", Show.Time(response.UpdatedAtMs)));
    }

    public static IRenderable Set(SetTariffResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Render(response.Tariff, ("applies to", response.MeterSpecific ? "this meter only" : "default"));
    }

    private static IRenderable Render(Tariff? tariff, params (string, string)[] header)
    {
        tariff ??= new Tariff();
        var fields = Tables.Fields(
        [
            .. header,
            ("base price (msat/Wh)", Show.Amount(tariff.BaseMsatPerWh)),
            ("time zone", tariff.TimeZone.Length == 0 ? "UTC" : tariff.TimeZone),
        ]);
        if (tariff.Periods.Count == 0)
        {
            return Tables.Stack(fields, Tables.Line("no time-of-use periods: the base price applies all the time"));
        }

        var periods = Tables.Rows(PeriodHeaders, tariff.Periods.Select(p => (IReadOnlyList<string>)
        [
            WeekDays.Format(p.DaysOfWeek),
            TimeOfUsePeriodParser.FormatMinute(p.StartMinute),
            TimeOfUsePeriodParser.FormatMinute(p.EndMinute),
            Show.Amount(p.MsatPerWh),
            Show.OrDash(p.Label),
        ]));
        return Tables.Stack(fields, periods);
    }
}
