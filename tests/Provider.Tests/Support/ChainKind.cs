using System.Reflection;
using Microchannels.Settlement.Regtest;
using Xunit.Sdk;

namespace Microchannels.Provider.Tests.Support;

/// <summary>Which chain a daemon test runs on.</summary>
public enum ChainKind
{
    /// <summary>The SIMULATED embedded regtest chain (src/Settlement/EmbeddedChain), in this process: every run.</summary>
    Embedded,

    /// <summary>A real bitcoind in regtest, started for the test (BITCOIND_EXE or PATH).</summary>
    Bitcoind,
}

/// <summary>A theory row on the SIMULATED embedded chain, on every run.</summary>
[DataDiscoverer("Xunit.Sdk.DataDiscoverer", "xunit.core")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class OnEmbeddedChainAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[ChainKind.Embedded]];
}

/// <summary>
/// A theory row on a real bitcoind; skipped, with the reason printed ("bitcoind not found: set
/// BITCOIND_EXE or put bitcoind on PATH"), where none is found.
/// </summary>
[DataDiscoverer("Xunit.Sdk.DataDiscoverer", "xunit.core")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class OnBitcoindAttribute : DataAttribute
{
    public OnBitcoindAttribute()
    {
        if (!RegtestNode.TryLocate(out _, out string reason))
        {
            Skip = reason;
        }
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[ChainKind.Bitcoind]];
}
