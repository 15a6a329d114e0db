using System.CommandLine;
using System.CommandLine.Invocation;
using Microchannels.Cli.Commands;
using Microchannels.Cli.Connection;
using Microchannels.Cli.Errors;
using Spectre.Console;

namespace Microchannels.Cli;

/// <summary>mcli: the operator's command line for the provider daemon's gRPC API (docs/CLI.md).</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            return await RunAsync(args).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A last guard: a bug in mcli still ends with one line, never a stack trace.
            await Console.Error.WriteLineAsync("mcli: " + FailureTranslator.Translate(e, "mcli", null).Message).ConfigureAwait(false);
            return (int)ExitCode.DaemonFailure;
        }
    }

    private static async Task<int> RunAsync(string[] args)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected)
        {
            // A pipe has no width: take $COLUMNS, else wide enough that a channel row (two ids) never wraps.
            console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out int columns) && columns > 0 ? columns : 240;
        }

        var globals = new GlobalOptions();
        var runner = new CommandRunner(globals, console, Console.Out, Console.Error);
        var root = new RootCommand("mcli: operate a Microchannels provider daemon over its gRPC API");
        globals.AddTo(root);
        root.Add(GetInfoCommand.Create(runner));
        root.Add(ListChannelsCommand.Create(runner));
        root.Add(GetChannelCommand.Create(runner));
        root.Add(CloseChannelCommand.Create(runner));
        root.Add(SubscribeChannelEventsCommand.Create(runner));
        root.Add(SubscribeTransfersCommand.Create(runner));
        root.Add(SendTransferCommand.Create(runner));
        root.Add(GetTariffCommand.Create(runner));
        root.Add(SetTariffCommand.Create(runner));
        root.Add(ListMetersCommand.Create(runner));
        root.Add(AllowMeterCommand.Create(runner));
        root.Add(RemoveMeterCommand.Create(runner));
        root.Add(GetBalanceSheetCommand.Create(runner));
        root.Add(GetStatementCommand.Create(runner));
        root.Add(VerifyStatementCommand.Create(Console.Out, Console.Error));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            // One line per mistake and the way to the help; never the whole help text on stderr.
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync("mcli: " + error.Message).ConfigureAwait(false);
            }

            string command = parse.CommandResult.Command == root ? "" : parse.CommandResult.Command.Name + " ";
            await Console.Error.WriteLineAsync($"run 'mcli {command}--help' for usage").ConfigureAwait(false);
            return (int)ExitCode.Usage;
        }

        if (parse.CommandResult.Command == root && parse.Action is null)
        {
            await Console.Error.WriteLineAsync("mcli: name a command; run 'mcli --help' for the list").ConfigureAwait(false);
            return (int)ExitCode.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
    }
}
