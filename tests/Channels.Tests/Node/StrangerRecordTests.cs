using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Node;
using Microchannels.Channels.Tests.Engine;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Node;

/// <summary>
/// Issue 14 item 3: a meter that never had anything signed leaves no record behind; one we
/// signed a commitment for keeps its nonce mark, so its keys are never shown for another channel.
/// </summary>
public class StrangerRecordTests
{
    [Fact]
    public async Task A_stranger_that_leaves_after_accept_channel_leaves_no_record()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        await using var provider = new ProviderHarness();
        using var readings = new ChannelPair();
        await provider.StartAsync(ct);

        for (int i = 0; i < 3; i++)
        {
            using var stranger = PrivateKey.FromBytes(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes($"passing stranger {i}")));
            await using var connection = await NoisePeerConnection.ConnectAsync(provider.Node!.LocalEndPoint, stranger, provider.Node.NodeId, cancellationToken: ct);
            await connection.SendAsync(ProviderNodeAdmissionTests.OpenMessage(readings, $"stranger {i}"), ct);
            Assert.IsType<AcceptChannel>(await connection.ReceiveAsync(ct));
        }

        await Eventually.TrueAsync(() => provider.Node!.PrunedStrangerCount == 3, "three strangers pruned", ct);
        Assert.Equal(0, provider.Node!.ChannelCount);
        Assert.Equal(0, await ClosedAdmissionTests.CountRecordsAsync(provider, ct));
    }

    [Fact]
    public async Task A_meter_we_signed_for_keeps_its_mark_after_the_funding_timeout()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        await using var provider = new ProviderHarness();
        using var readings = new ChannelPair();
        await using var meter = new MeterClient(41);
        await ProviderNodeAdmissionTests.StoredOpeningAsync(provider, meter, readings, ct);

        await provider.Node!.BlockConnectedAsync(1_000, ct);
        await Eventually.TrueAsync(() => (provider.Node.GetState(meter.NodeKey.PublicKey) as Microchannels.Channels.Engine.StateMachine.ChannelState.Opening)?.WaitingSinceHeight == 1_000, "the wait to be counted", ct);
        await provider.Node.BlockConnectedAsync(1_000 + 2_016, ct);
        await Eventually.TrueAsync(() => provider.Node.ChannelCount == 0, "the channel to be forgotten", ct);

        Assert.Equal(0, provider.Node.PrunedStrangerCount);
        Assert.NotNull(await provider.Store!.LoadAsync(PeerNonceMark.KeyOf(meter.NodeKey.PublicKey), ct));
    }
}
