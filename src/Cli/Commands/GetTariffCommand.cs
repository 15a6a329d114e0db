using System.CommandLine;
using Microchannels.Cli.Output;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Cli.Commands;

/// <summary>mcli gettariff: the default tariff, or the one a meter pays.</summary>
public static class GetTariffCommand
{
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var meter = new Option<string?>("--meter")
        {
            Description = "The meter whose tariff to show (its own, or the default it pays); default: the default tariff",
        };
        return runner.Define(
            "gettariff",
            "Show the default tariff or a meter's: base price, time zone, time-of-use periods, the price now",
            parse =>
            {
                var request = new GetTariffRequest { MeterNodeId = parse.GetValue(meter) ?? "" };
                return async call =>
                {
                    var response = await call.Client.GetTariffAsync(request, call.Unary).ConfigureAwait(false);
                    call.Output.Write(response, TariffViews.Got);
                };
            },
            meter);
    }
}
