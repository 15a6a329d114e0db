using System.Collections.Immutable;
using System.Diagnostics;
using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Benchmarks;

/// <summary>
/// What a load run spent inside libsecp256k1: the calls it made (<see cref="Secp256k1Statistics"/>)
/// priced at the bare-call cost of each operation, timed in the same process right after
/// the load (same machine state, same JIT mode).
/// </summary>
internal static class Secp256k1Cost
{
    private const int Iterations = 3_000;

    public static void Report(ImmutableDictionary<Secp256k1Operation, long> before, ImmutableDictionary<Secp256k1Operation, long> after, int transfers, TimeSpan cpu, string unit = "transfer")
    {
        var prices = MeasureMicroseconds();
        double total = 0;
        var parts = new List<string>();
        foreach (var (operation, price) in prices)
        {
            double perTransfer = (double)(after[operation] - before[operation]) / transfers;
            total += perTransfer * price;
            if (perTransfer > 0)
            {
                parts.Add($"{operation} {perTransfer:F2} x {price:F1} µs");
            }
        }

        double cpuPerTransfer = cpu.TotalMicroseconds / transfers;
        Console.WriteLine($"  libsecp256k1 per {unit}, priced in this run: {total:F0} µs = {100 * total / cpuPerTransfer:F0} % of the CPU per {unit}");
        Console.WriteLine($"    ({string.Join("; ", parts)})");
    }

    private static ImmutableSortedDictionary<Secp256k1Operation, double> MeasureMicroseconds()
    {
        var bench = new Secp256k1Benchmarks();
        bench.Setup();
        try
        {
            return new Dictionary<Secp256k1Operation, Func<int>>
            {
                [Secp256k1Operation.Sign] = bench.SignNative,
                [Secp256k1Operation.Verify] = bench.VerifyNative,
                [Secp256k1Operation.PublicKeyCreate] = bench.PublicKeyCreateNative,
                [Secp256k1Operation.PublicKeyTweakAdd] = bench.PublicKeyTweakAddNative,
                [Secp256k1Operation.PublicKeyTweakMul] = bench.PublicKeyTweakMultiplyNative,
                [Secp256k1Operation.PublicKeyCombine] = bench.PublicKeyCombineNative,
                [Secp256k1Operation.Ecdh] = bench.EcdhNative,
            }.ToImmutableSortedDictionary(pair => pair.Key, pair => Time(pair.Value));
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static double Time(Func<int> call)
    {
        for (int i = 0; i < 100; i++)
        {
            call();
        }

        long started = Stopwatch.GetTimestamp();
        for (int i = 0; i < Iterations; i++)
        {
            call();
        }

        return Stopwatch.GetElapsedTime(started).TotalMicroseconds / Iterations;
    }
}
