using System.CommandLine;
using Google.Protobuf;
using Microchannels.Cli.Errors;
using Microchannels.Cli.Input;
using Microchannels.Cli.Output;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Cli.Commands;

/// <summary>
/// mcli settariff: replace the default tariff or a meter's (with a time-of-use table), or
/// clear a meter's own tariff. The table comes from repeated --period options, or whole from
/// a JSON file in the form gettariff --json prints under "tariff".
/// </summary>
public static class SetTariffCommand
{
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var meter = new Option<string?>("--meter") { Description = "Set this allowed meter's own tariff (default: the default tariff)" };
        var basePrice = new Option<long?>("--base-msat-per-wh")
        {
            Description = "The price outside every period, msat per Wh (1 to 1,000,000,000)",
        };
        var timeZone = new Option<string?>("--time-zone") { Description = "The IANA time zone of the periods, e.g. Europe/Berlin (default UTC)" };
        var periods = new Option<string[]>("--period")
        {
            Description = "A time-of-use period (repeatable): \"DAYS HH:MM-HH:MM MSAT_PER_WH [LABEL]\", e.g. \"mon-fri 07:00-22:00 300 peak\"",
        };
        var file = new Option<string?>("--tariff-file")
        {
            Description = "Read the whole tariff from a JSON file (the \"tariff\" object of gettariff --json)",
        };
        var clear = new Option<bool>("--clear") { Description = "Remove the meter's own tariff, so the default applies again" };
        return runner.Define(
            "settariff",
            "Set the default tariff or a meter's, with an optional time-of-use table; or --clear a meter's",
            parse =>
            {
                var request = new SetTariffRequest { MeterNodeId = parse.GetValue(meter) ?? "", Clear = parse.GetValue(clear) };
                string? path = parse.GetValue(file);
                bool inline = parse.GetValue(basePrice) is not null || parse.GetValue(timeZone) is not null || (parse.GetValue(periods) ?? []).Length > 0;
                if (request.Clear)
                {
                    if (request.MeterNodeId.Length == 0)
                    {
                        throw new UsageException("--clear removes a meter's own tariff: name the meter with --meter");
                    }

                    if (inline || path is not null)
                    {
                        throw new UsageException("--clear takes no tariff: drop the price, --period, --time-zone and --tariff-file options");
                    }
                }
                else if (path is not null)
                {
                    if (inline)
                    {
                        throw new UsageException("--tariff-file holds the whole tariff: drop --base-msat-per-wh, --time-zone and --period");
                    }

                    request.Tariff = ReadFile(path);
                }
                else
                {
                    long price = parse.GetValue(basePrice)
                        ?? throw new UsageException("settariff needs --base-msat-per-wh (or --tariff-file, or --clear with --meter)");
                    request.Tariff = new Tariff { BaseMsatPerWh = price, TimeZone = parse.GetValue(timeZone) ?? "" };
                    request.Tariff.Periods.AddRange((parse.GetValue(periods) ?? []).Select(TimeOfUsePeriodParser.Parse));
                }

                return async call =>
                {
                    var response = await call.Client.SetTariffAsync(request, call.Unary).ConfigureAwait(false);
                    call.Output.Write(response, TariffViews.Set);
                };
            },
            meter,
            basePrice,
            timeZone,
            periods,
            file,
            clear);
    }

    private static Tariff ReadFile(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read --tariff-file {path}: {e.Message}");
        }

        try
        {
            return JsonParser.Default.Parse<Tariff>(json);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or FormatException)
        {
            throw new UsageException(
                $"--tariff-file {path} is not a tariff ({e.Message}): write {{\"base_msat_per_wh\": \"200\", \"time_zone\": \"Europe/Berlin\", \"periods\": [{{\"days_of_week\": 62, \"start_minute\": 420, \"end_minute\": 1320, \"msat_per_wh\": \"300\", \"label\": \"peak\"}}]}}");
        }
    }
}
