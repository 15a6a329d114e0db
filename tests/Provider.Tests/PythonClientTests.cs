using Microchannels.Bitcoin.Crypto;
using Microchannels.Provider.Tests.Support;

namespace Microchannels.Provider.Tests;

/// <summary>Every method from Debian's python3-grpcio: streams, error codes, deadlines, both tokens and none, over TLS with the generated certificate.</summary>
[Collection(OpenChannelsCollection.Name)]
public sealed class PythonClientTests(OpenChannelsFixture fixture)
{
    [Fact]
    public async Task Debian_python3_grpcio_calls_every_method_and_gets_every_status()
    {
        using var newcomer = PrivateKey.FromBytes(Hashes.Sha256("python newcomer meter"u8));
        var (exitCode, output) = await PythonClient.RunAsync(fixture.Daemon, "full", "--meter", fixture.A.NodeKey.PublicKey.ToString(), "--other-meter", newcomer.PublicKey.ToString());
        Assert.True(exitCode == 0, output);
        Assert.Contains("python client: 0 failure(s)", output, StringComparison.Ordinal);
    }
}
