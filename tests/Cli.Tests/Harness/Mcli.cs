using System.Diagnostics;
using System.Reflection;

namespace Microchannels.Cli.Tests.Harness;

/// <summary>Runs the built mcli as its own process (dotnet mcli.dll …), as an operator would.</summary>
public static class Mcli
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    public static string Path { get; } =
        System.IO.Path.GetFullPath(typeof(Mcli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "McliPath").Value!);

    /// <summary>Runs mcli to its end.</summary>
    public static Task<McliResult> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs mcli to its end with extra environment variables.</summary>
    public static async Task<McliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(environment);
        using var process = Start(args, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mcli {string.Join(' ', args)} did not end within {Limit}");
        }

        return new McliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts mcli and leaves it running (for streams); the caller reads its output.</summary>
    public static Process Start(params string[] args) => Start(args, new Dictionary<string, string>());

    private static Process Start(string[] args, IReadOnlyDictionary<string, string> environment)
    {
        if (!File.Exists(Path))
        {
            throw new FileNotFoundException($"mcli is not built at {Path}: build src/Cli in the same configuration first");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("COLUMNS");
        start.Environment.Remove("MICROCHANNELS_DATADIR");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }
}
