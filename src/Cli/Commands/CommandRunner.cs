using System.CommandLine;
using Microchannels.Cli.Connection;
using Microchannels.Cli.Errors;
using Microchannels.Cli.Output;
using Spectre.Console;

namespace Microchannels.Cli.Commands;

/// <summary>
/// Runs one command: reads its arguments first (a usage error needs no daemon), then opens the
/// connection and makes the call; whatever fails becomes one line on standard error and an
/// exit code (<see cref="FailureTranslator"/>).
/// </summary>
public sealed class CommandRunner(GlobalOptions globals, IAnsiConsole console, TextWriter output, TextWriter error)
{
    public GlobalOptions Globals => globals;

    /// <summary>Makes a command whose action is <paramref name="prepare"/>: read the arguments, return the call.</summary>
    public Command Define(string name, string description, Func<ParseResult, Func<Call, Task>> prepare, params Symbol[] symbols)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Option option:
                    command.Add(option);
                    break;
                case Argument argument:
                    command.Add(argument);
                    break;
                default:
                    throw new ArgumentException($"{symbol.Name} is neither an option nor an argument", nameof(symbols));
            }
        }

        command.SetAction((parse, cancellation) => RunAsync(name, parse, prepare, cancellation));
        return command;
    }

    private async Task<int> RunAsync(string name, ParseResult parse, Func<ParseResult, Func<Call, Task>> prepare, CancellationToken cancellation)
    {
        DaemonConnection? connection = null;
        try
        {
            var settings = globals.Resolve(parse);
            var call = prepare(parse);
            connection = DaemonConnection.Open(settings);
            await call(new Call(connection, new CommandOutput(parse.GetValue(globals.Json), console, output), cancellation)).ConfigureAwait(false);
            return (int)ExitCode.Success;
        }
        catch (Exception e)
        {
            var failure = FailureTranslator.Translate(e, name, connection);
            await error.WriteLineAsync("mcli: " + failure.Message).ConfigureAwait(false);
            return (int)failure.ExitCode;
        }
        finally
        {
            connection?.Dispose();
        }
    }
}
