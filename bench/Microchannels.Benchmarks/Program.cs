using BenchmarkDotNet.Running;

namespace Microchannels.Benchmarks;

/// <summary>
/// Run with <c>dotnet run -c Release -- --filter '*'</c> (add <c>--job short</c> for
/// a quick pass). Results are recorded in docs/PERFORMANCE.md.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
