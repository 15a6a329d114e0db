using System.CommandLine;
using Microchannels.Cli.Output;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Cli.Commands;

/// <summary>mcli allowmeter: add a meter to the allow-list, or update its reading key or label.</summary>
public static class AllowMeterCommand
{
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var nodeId = new Argument<string>("node_id") { Description = "The meter's node id (66 hex digits)" };
        var readingKey = new Option<string?>("--reading-key") { Description = "The key the meter signs readings with (66 hex digits); default: not pinned" };
        var label = new Option<string?>("--label") { Description = "A name for operators (a site, a customer number), at most 128 characters" };
        return runner.Define(
            "allowmeter",
            "Allow a meter to open a channel (or update its reading key or label)",
            parse =>
            {
                var request = new AllowMeterRequest
                {
                    NodeId = parse.GetValue(nodeId) ?? "",
                    ReadingKey = parse.GetValue(readingKey) ?? "",
                    Label = parse.GetValue(label) ?? "",
                };
                return async call =>
                {
                    var response = await call.Client.AllowMeterAsync(request, call.Unary).ConfigureAwait(false);
                    call.Output.Write(response, MeterViews.Allowed);
                };
            },
            nodeId,
            readingKey,
            label);
    }
}
