using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Store;
using Microchannels.Channels.Tests.Engine;
using Microchannels.Channels.Transport;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Node;

/// <summary>
/// Issue 14 item 4: <c>option_streamed_transfer</c> (docs/PROTOCOL.md) carries every payment,
/// so it is required before <c>open_channel</c> and before an <c>update_transfer</c> is sent.
/// </summary>
public class StreamedTransferRequiredTests
{
    private static readonly FeatureBits WithoutStreamedTransfer = FeatureBits.FromBits(
        Features.DataLossProtect.OptionalBit, Features.StaticRemoteKey.RequiredBit, Features.ChannelType.OptionalBit);

    [Fact]
    public async Task The_provider_refuses_open_channel_from_a_peer_without_streamed_transfer()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        await using var provider = new ProviderHarness();
        using var readings = new ChannelPair();
        await provider.StartAsync(ct);
        using var meterKey = PrivateKey.FromBytes(Hashes.Sha256("meter without transfers"u8));

        var transport = await NoiseTransport.ConnectAsync(provider.Node!.LocalEndPoint, meterKey, provider.Node.NodeId, cancellationToken: ct);
        await using var peer = await NoisePeerConnection.EstablishAsync(transport, WithoutStreamedTransfer, ct);
        Assert.False(peer.Offers(Features.StreamedTransfer));
        using var signer = new InMemoryChannelSigner(ChannelSecrets.FromSeed(Hashes.Sha256("opener"u8)));
        var opening = ChannelStateMachine.Open(new ChannelId(Hashes.Sha256("opening"u8)), new Satoshis(500_000), MilliSatoshis.Zero, new FeeratePerKw(253), readings.MeterReadingKey.PublicKey, signer, ChannelAcceptancePolicy.Default);
        await peer.SendAsync(opening.Pending!, ct);

        var error = Assert.IsType<Error>(await peer.ReceiveAsync(ct));
        Assert.Contains("option_streamed_transfer", System.Text.Encoding.UTF8.GetString(error.Data.ToArray()), StringComparison.Ordinal);
        Assert.Equal(0, provider.Node.ChannelCount);
    }

    [Fact]
    public async Task The_runner_refuses_a_connection_without_streamed_transfer_so_no_update_transfer_goes_out()
    {
        using var pair = new ChannelPair();
        using var signer = new InMemoryChannelSigner(ChannelSecrets.FromSeed(LoopbackChannelTests.Seed(0x42)));
        await using var store = new InMemoryChannelStore();
        await using var runner = new ChannelRunner(new ChannelState.Normal(pair.Meter, ConnectionPhase.Disconnected, []), 0, signer, store, new InMemoryChain());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var peer = new QueuePeer(streamedTransfer: false);
        await runner.AttachAsync(peer);

        var refused = await Eventually.EventAsync<ChannelAction.PeerLacksFeature>(runner, timeout.Token);
        Assert.Equal(Features.StreamedTransfer, refused.Feature);
        Assert.True(peer.Disposed);

        // Never connected: the transfer waits for a connection that can carry it.
        peer.Deliver(pair.Provider.CreateReestablish(pair.ProviderSigner));
        await runner.PostAsync(new ChannelInput.SendTransfer(new MilliSatoshis(1_000), pair.NextReading()));
        var normal = await Eventually.ValueAsync(() => runner.State is ChannelState.Normal { Unsent.Count: 1 } n ? n : null, "the transfer queued", timeout.Token);
        Assert.Equal(ConnectionPhase.Disconnected, normal.Connection);
        Assert.Empty(peer.Sent);
    }

    [Fact]
    public async Task The_opener_sends_no_open_channel_over_a_connection_without_streamed_transfer()
    {
        using var machines = new Engine.StateMachine.OpeningMachines();
        await using var store = new InMemoryChannelStore();
        var chain = new InMemoryChain();
        await using var runner = new ChannelRunner(machines.Meter.State, 0, machines.Meter.Signer, store, chain, fundingWallet: chain);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var peer = new QueuePeer(streamedTransfer: false);
        await runner.AttachAsync(peer);

        await Eventually.EventAsync<ChannelAction.PeerLacksFeature>(runner, timeout.Token);
        Assert.True(peer.Disposed);
        Assert.Empty(peer.Sent);

        // With a connection that offers it, open_channel goes out.
        var good = new QueuePeer(streamedTransfer: true);
        await runner.AttachAsync(good);
        await Eventually.TrueAsync(() => good.Sent.Any(m => m is OpenChannel), "open_channel", timeout.Token);
    }
}
