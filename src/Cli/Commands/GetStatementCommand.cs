using System.CommandLine;
using Microchannels.Cli.Errors;
using Microchannels.Cli.Input;
using Microchannels.Cli.Output;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Cli.Commands;

/// <summary>
/// mcli getstatement: a channel's billing statement for a period (docs/STATEMENTS.md). With
/// --out the statement file is written there, for <c>mcli verify-statement</c> or anyone else.
/// </summary>
public static class GetStatementCommand
{
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var target = new ChannelTarget();
        var from = new Option<ulong>("--from") { Description = "The period's start, Unix seconds (the meter's reading clock)", Required = true };
        var to = new Option<ulong>("--to") { Description = "The period's end, Unix seconds, excluded", Required = true };
        var tariff = new Option<ulong>("--tariff-msat-per-wh") { Description = "The price of one imported Wh the statement applies; default: the meter's tariff at --from" };
        var output = new Option<FileInfo?>("--out") { Description = "Write the statement file (JSON, docs/STATEMENTS.md) here" };
        return runner.Define(
            "getstatement",
            "Get a channel's billing statement for a period: readings, Merkle root, totals, signatures",
            parse =>
            {
                var (channelId, meter) = target.Resolve(parse, "getstatement");
                var request = new GetStatementRequest
                {
                    ChannelId = channelId,
                    MeterNodeId = meter,
                    PeriodStart = parse.GetValue(from),
                    PeriodEnd = parse.GetValue(to),
                    TariffMsatPerWh = parse.GetValue(tariff),
                };
                if (request.PeriodEnd <= request.PeriodStart)
                {
                    throw new UsageException("--to must be above --from (Unix seconds; the end is excluded)");
                }

                var file = parse.GetValue(output);
                return async call =>
                {
                    var statement = await call.Client.GetStatementAsync(request, call.Unary).ConfigureAwait(false);
                    if (file is not null)
                    {
                        try
                        {
                            await File.WriteAllTextAsync(file.FullName, statement.Json, call.Cancellation).ConfigureAwait(false);
                        }
                        catch (Exception e) when (e is UnauthorizedAccessException or DirectoryNotFoundException)
                        {
                            throw new ConfigurationException($"cannot write the statement to {file.FullName}: {e.Message}");
                        }
                    }

                    call.Output.Write(statement, s => StatementViews.One(s, file?.FullName));
                };
            },
            [.. target.Symbols, from, to, tariff, output]);
    }
}
