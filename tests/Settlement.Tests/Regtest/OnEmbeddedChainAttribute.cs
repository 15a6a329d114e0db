using System.Reflection;
using Xunit.Sdk;

namespace Microchannels.Settlement.Tests.Regtest;

/// <summary>A theory row that runs the test against the SIMULATED embedded chain, on every run.</summary>
[DataDiscoverer("Xunit.Sdk.DataDiscoverer", "xunit.core")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class OnEmbeddedChainAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[RegtestChainKind.Embedded]];
}
