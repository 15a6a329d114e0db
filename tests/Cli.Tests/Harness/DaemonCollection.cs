namespace Microchannels.Cli.Tests.Harness;

/// <summary>The test classes that share one <see cref="FakeDaemon"/> (run one after another: they set its next failure).</summary>
[CollectionDefinition(Name)]
public sealed class DaemonCollection : ICollectionFixture<FakeDaemon>
{
    public const string Name = "fake daemon";
}
