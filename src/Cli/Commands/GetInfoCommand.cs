using System.CommandLine;
using Microchannels.Cli.Output;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Cli.Commands;

/// <summary>mcli getinfo: the node's identity, chain position and channel counts.</summary>
public static class GetInfoCommand
{
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return runner.Define(
            "getinfo",
            "Show the node id, network, block height, sync state, channel counts and version",
            _ => async call =>
            {
                var info = await call.Client.GetInfoAsync(new GetInfoRequest(), call.Unary).ConfigureAwait(false);
                call.Output.Write(info, NodeViews.Info);
            });
    }
}
