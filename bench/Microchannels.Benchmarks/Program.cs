using BenchmarkDotNet.Running;

namespace Microchannels.Benchmarks;

/// <summary>
/// Run with <c>dotnet run -c Release -- --filter '*'</c> (add <c>--job short</c> for
/// a quick pass), or <c>dotnet run -c Release -- load [transfers]</c> for the loopback
/// load generator. Results are recorded in docs/PERFORMANCE.md.
/// </summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        if (args is ["load", ..])
        {
            int transfers = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2_000;
            await LoopbackLoad.RunAsync(transfers);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
