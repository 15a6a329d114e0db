using System.Reflection;
using Microchannels.Settlement.Regtest;
using Xunit.Sdk;

namespace Microchannels.Settlement.Tests.Regtest;

/// <summary>
/// A theory row that runs the test against a real bitcoind; skipped, with the reason printed
/// ("bitcoind not found: set BITCOIND_EXE or put bitcoind on PATH"), where none is found.
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

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[RegtestChainKind.Bitcoind]];
}
