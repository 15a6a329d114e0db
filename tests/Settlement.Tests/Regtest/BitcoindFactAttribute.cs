using Microchannels.Settlement.Regtest;

namespace Microchannels.Settlement.Tests.Regtest;

/// <summary>
/// A test that needs a real bitcoind (v25 or later). Where none is found through
/// BITCOIND_EXE or PATH the test is skipped, and the runner prints why:
/// "bitcoind not found: set BITCOIND_EXE or put bitcoind on PATH" (DESIGN.md decision 7).
/// </summary>
public sealed class BitcoindFactAttribute : FactAttribute
{
    public BitcoindFactAttribute()
    {
        if (!RegtestNode.TryLocate(out _, out string reason))
        {
            Skip = reason;
        }
    }
}
