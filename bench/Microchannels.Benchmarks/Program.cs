using BenchmarkDotNet.Running;

namespace Microchannels.Benchmarks;

/// <summary>
/// Run with <c>dotnet run -c Release -- --filter '*'</c> (add <c>--job short</c> for
/// a quick pass), <c>dotnet run -c Release -- load [transfers]</c> for the one-channel
/// loopback load generator, or <c>dotnet run -c Release -- load-node [meters] [transfers per meter]</c>
/// for a provider node serving many meters, <c>dotnet run -c Release -- flood [handshakes] [stalled] [meters]</c>
/// for that node under a flood of strangers (issue 14), or <c>dotnet run -c Release -- load-daemon [meters] [seconds] [interval ms]</c>
/// for the provider daemon process under many paying meters. Results are recorded in docs/PERFORMANCE.md.
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

        if (args is ["load-node", ..])
        {
            int meters = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100;
            int perMeter = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20;
            await NodeLoad.RunAsync(meters, perMeter);
            return;
        }

        if (args is ["flood", ..])
        {
            int handshakes = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
            int stalled = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000;
            int meters = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 20;
            await FloodLoad.RunAsync(handshakes, stalled, meters);
            return;
        }

        if (args is ["load-daemon", ..])
        {
            int meters = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000;
            int seconds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 30;
            int interval = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 250;
            await DaemonLoad.RunAsync(meters, seconds, interval);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
