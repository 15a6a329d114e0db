using System.Collections.Immutable;

namespace Microchannels.Bitcoin.Crypto;

/// <summary>
/// How many of each costly libsecp256k1 call this process made. Take a snapshot before and
/// after a workload and multiply the difference by per-call costs measured in the same
/// process: that is the elliptic-curve share of the workload's CPU.
/// </summary>
public static class Secp256k1Statistics
{
    private static readonly long[] Counts = new long[Enum.GetValues<Secp256k1Operation>().Length];

    public static ImmutableDictionary<Secp256k1Operation, long> Snapshot() =>
        Enum.GetValues<Secp256k1Operation>().ToImmutableDictionary(op => op, op => Interlocked.Read(ref Counts[(int)op]));

    internal static void Count(Secp256k1Operation operation) => Interlocked.Increment(ref Counts[(int)operation]);
}
