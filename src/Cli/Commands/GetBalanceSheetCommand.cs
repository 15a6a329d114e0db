using System.CommandLine;
using Microchannels.Cli.Output;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Cli.Commands;

/// <summary>mcli getbalancesheet: received, sent, settled on chain, and still in channels.</summary>
public static class GetBalanceSheetCommand
{
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return runner.Define(
            "getbalancesheet",
            "Show what meters paid, what the provider paid, what settled on chain and what is still in channels",
            _ => async call =>
            {
                var sheet = await call.Client.GetBalanceSheetAsync(new GetBalanceSheetRequest(), call.Unary).ConfigureAwait(false);
                call.Output.Write(sheet, NodeViews.BalanceSheet);
            });
    }
}
