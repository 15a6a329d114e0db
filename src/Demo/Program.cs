using System.CommandLine;
using System.Runtime.InteropServices;
using Microchannels.Demo.Run;
using Spectre.Console;

namespace Microchannels.Demo;

/// <summary>
/// The quickstart demo (issue 13), run by ./scripts/demo.sh. Exit codes: 0 when every channel
/// opened, closed and added up (or, with --keep, after Ctrl-C); 1 when something failed; 2 for
/// a bad option; 130 when stopped by Ctrl-C (SIGINT) or SIGTERM before the end.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var meters = new Option<int>("--meters") { Description = "How many meter daemons to start (1 to 12)", DefaultValueFactory = _ => 3 };
        var seconds = new Option<int>("--seconds") { Description = "How long payments stream before every channel is closed", DefaultValueFactory = _ => 60 };
        var interval = new Option<int>("--interval") { Description = "Seconds between payments, blocks and refreshes of the view and the dashboard (1 to 30)", DefaultValueFactory = _ => 2 };
        var chain = new Option<string>("--chain") { Description = "auto (bitcoind if found, else Docker if an engine answers, else embedded), bitcoind, docker or embedded", DefaultValueFactory = _ => "auto" };
        chain.AcceptOnlyFromAmong("auto", "bitcoind", "docker", "embedded");
        var keep = new Option<bool>("--keep") { Description = "After --seconds, keep the daemons running with their channels open, for mcli and the dashboard, until Ctrl-C" };
        var directory = new Option<string?>("--dir") { Description = "Where data and logs go (default: a new temporary folder, removed after a clean run)" };
        var plain = new Option<bool>("--plain") { Description = "Plain lines instead of the live view (the default when the output is not a terminal)" };
        var root = new RootCommand("Microchannels demo: a chain, the provider daemon and meter daemons paying for energy over payment channels") { meters, seconds, interval, chain, keep, directory, plain };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync("demo: " + error.Message).ConfigureAwait(false);
            }

            return 2;
        }

        if (parse.Action is not null)
        {
            return await parse.InvokeAsync().ConfigureAwait(false);
        }

        var options = new DemoOptions(
            parse.GetValue(meters),
            parse.GetValue(seconds),
            parse.GetValue(interval),
            parse.GetValue(chain)!,
            parse.GetValue(keep),
            parse.GetValue(directory),
            parse.GetValue(plain) || Console.IsOutputRedirected);
        if (options.Meters is < 1 or > 12 || options.Seconds is < 1 or > 86_400 || options.Interval is < 1 or > 30)
        {
            await Console.Error.WriteLineAsync("demo: --meters is 1 to 12, --seconds 1 to 86400, --interval 1 to 30").ConfigureAwait(false);
            return 2;
        }

        return await RunAsync(options).ConfigureAwait(false);
    }

    private static async Task<int> RunAsync(DemoOptions options)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (options.Plain)
        {
            // Plain lines are never wrapped: a log or a pipe has no width.
            console.Profile.Width = 1000;
        }

        string runDirectory = options.Directory is { } given ? Path.GetFullPath(given) : Directory.CreateTempSubdirectory("microchannels-demo-").FullName;
        Directory.CreateDirectory(runDirectory);

        // Ctrl-C, SIGTERM and SIGHUP all end the run the same way: every child stopped, then exit.
        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);

        var run = new DemoRun(options, console, runDirectory);

        // The last resort if the runtime goes down some other way: no daemon outlives the demo.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => run.KillAll();
        int code;
        try
        {
            code = await run.RunAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            console.WriteLine(options.Keep ? "stopping the daemons (Ctrl-C) ..." : "stopped by Ctrl-C or SIGTERM: stopping the daemons ...");
            code = options.Keep ? 0 : 130;
        }
        catch (DemoFailedException e)
        {
            await Console.Error.WriteLineAsync($"demo failed: {e.Message}").ConfigureAwait(false);
            code = 1;
        }
        catch (Exception e) when (e is Grpc.Core.RpcException or Settlement.Rpc.BitcoindException or HttpRequestException or IOException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"demo failed: {e.Message} (logs in {Path.Combine(runDirectory, "logs")})").ConfigureAwait(false);
            code = 1;
        }
        finally
        {
            await run.DisposeAsync().ConfigureAwait(false);
        }

        console.WriteLine($"every process the demo started has stopped ({string.Join(", ", run.ProcessIds.Select(id => $"pid {id}"))}).");
        if (code == 0 && options.Directory is null && !options.Keep)
        {
            TryDelete(runDirectory);
        }
        else
        {
            console.WriteLine($"data and logs kept in {runDirectory}");
        }

        return code;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left behind in the temporary folder.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }
}
