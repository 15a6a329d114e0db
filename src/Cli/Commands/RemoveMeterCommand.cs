using System.CommandLine;
using Microchannels.Cli.Output;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Cli.Commands;

/// <summary>mcli removemeter: take a meter off the allow-list (its open channel keeps running until closed).</summary>
public static class RemoveMeterCommand
{
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var nodeId = new Argument<string>("node_id") { Description = "The meter's node id (66 hex digits)" };
        return runner.Define(
            "removemeter",
            "Take a meter off the allow-list: it can no longer open a channel",
            parse =>
            {
                var request = new RemoveMeterRequest { NodeId = parse.GetValue(nodeId) ?? "" };
                return async call =>
                {
                    var response = await call.Client.RemoveMeterAsync(request, call.Unary).ConfigureAwait(false);
                    call.Output.Write(response, MeterViews.Removed);
                };
            },
            nodeId);
    }
}
