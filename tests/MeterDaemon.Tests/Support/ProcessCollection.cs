namespace Microchannels.Meter.Daemon.Tests.Support;

/// <summary>The tests that start daemons run one at a time: each starts three processes, and the CI machine has two cores.</summary>
[CollectionDefinition(Name)]
public sealed class ProcessCollection
{
    public const string Name = "daemon processes";
}
