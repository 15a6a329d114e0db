namespace Microchannels.Demo.Tests.Support;

/// <summary>The demo tests start a chain and four to five daemons each: one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DemoCollection
{
    public const string Name = "demo processes";
}
