using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Node;
using Microchannels.Channels.Tests.Engine;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Node;

/// <summary>A node admits only the meters it lists unless its operator opens it to anyone.</summary>
public class ClosedAdmissionTests
{
    [Fact]
    public async Task By_default_a_meter_the_node_does_not_list_is_refused_and_leaves_nothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        await using var provider = new ProviderHarness(new ProviderNodeOptions());
        using var readings = new ChannelPair();
        await provider.StartAsync(ct);
        using var stranger = PrivateKey.FromBytes(Hashes.Sha256("closed admission stranger"u8));

        await using var refused = await NoisePeerConnection.ConnectAsync(provider.Node!.LocalEndPoint, stranger, provider.Node.NodeId, cancellationToken: ct);
        await refused.SendAsync(ProviderNodeAdmissionTests.OpenMessage(readings, "stranger"), ct);
        var error = Assert.IsType<Error>(await refused.ReceiveAsync(ct));
        Assert.Contains("only with its own meters", System.Text.Encoding.UTF8.GetString(error.Data.ToArray()), StringComparison.Ordinal);
        Assert.Equal(0, provider.Node.ChannelCount);
        Assert.Equal(0, await CountRecordsAsync(provider, ct));
    }

    [Fact]
    public async Task Open_admission_lets_any_meter_open()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        await using var provider = new ProviderHarness(new ProviderNodeOptions { OpenAdmission = true });
        using var readings = new ChannelPair();
        await provider.StartAsync(ct);
        using var stranger = PrivateKey.FromBytes(Hashes.Sha256("open admission stranger"u8));

        await using var accepted = await NoisePeerConnection.ConnectAsync(provider.Node!.LocalEndPoint, stranger, provider.Node.NodeId, cancellationToken: ct);
        await accepted.SendAsync(ProviderNodeAdmissionTests.OpenMessage(readings, "stranger"), ct);
        Assert.IsType<AcceptChannel>(await accepted.ReceiveAsync(ct));
        Assert.Equal(1, provider.Node.ChannelCount);
    }

    internal static async Task<int> CountRecordsAsync(ProviderHarness provider, CancellationToken ct)
    {
        int count = 0;
        await foreach (var _ in provider.Store!.LoadAllAsync(ct))
        {
            count++;
        }

        return count;
    }
}
