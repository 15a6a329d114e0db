using System.Buffers.Binary;
using Microchannels.Channels.Node;
using Microchannels.Channels.Tests.Transport;
using Microchannels.Channels.Transport;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Node;

/// <summary>BOLT 1 connection discipline at the init exchange (issue 14 item 4).</summary>
public sealed class NoisePeerConnectionInitTests : LoopbackTest
{
    [Fact]
    public async Task A_peer_refused_for_its_features_is_told_why_with_a_warning()
    {
        var accept = Task.Run(async () => await NoiseTransport.AcceptAsync(await Listener.AcceptSocketAsync(), ResponderKey));
        await using var peer = await RawNoisePeer.InitiateAsync(await Listener.ConnectRawAsync(), InitiatorKey, ResponderKey.PublicKey);
        await using var transport = await accept.WaitAsync(Loopback.Patience);
        var establish = NoisePeerConnection.EstablishAsync(transport, Features.LocalDefault, CancellationToken.None);

        // An init that requires a feature we do not know (even bit 100).
        await peer.SendAsync(MessageCodec.Encode(new Init(FeatureBits.Empty, FeatureBits.FromBits(Features.StaticRemoteKey.RequiredBit, 100))));

        var refused = await Assert.ThrowsAsync<PeerHandshakeException>(() => establish.WaitAsync(Loopback.Patience));
        Assert.Equal(FeatureNegotiationErrorKind.RemoteRequiresUnsupportedFeature, refused.NegotiationError!.Kind);

        Assert.IsType<Init>(MessageCodec.Decode(await peer.ReceiveAsync()).Message);
        var warning = Assert.IsType<Warning>(MessageCodec.Decode(await peer.ReceiveAsync()).Message);
        Assert.Equal(ChannelId.All, warning.ChannelId);
        Assert.Contains("bit 100", System.Text.Encoding.UTF8.GetString(warning.Data.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ping_before_the_peers_init_refuses_the_connection()
    {
        var accept = Task.Run(async () => await NoiseTransport.AcceptAsync(await Listener.AcceptSocketAsync(), ResponderKey));
        await using var peer = await RawNoisePeer.InitiateAsync(await Listener.ConnectRawAsync(), InitiatorKey, ResponderKey.PublicKey);
        await using var transport = await accept.WaitAsync(Loopback.Patience);
        var establish = NoisePeerConnection.EstablishAsync(transport, Features.LocalDefault, CancellationToken.None);

        var ping = new byte[6];
        BinaryPrimitives.WriteUInt16BigEndian(ping, 18);
        BinaryPrimitives.WriteUInt16BigEndian(ping.AsSpan(2), 4);
        await peer.SendAsync(ping);
        await peer.SendAsync(MessageCodec.Encode(new Init(FeatureBits.Empty, Features.LocalDefault)));

        var refused = await Assert.ThrowsAsync<PeerHandshakeException>(() => establish.WaitAsync(Loopback.Patience));
        Assert.IsType<ControlBeforeInitException>(refused.InnerException);

        // Our init went out first; no pong ever did.
        Assert.IsType<Init>(MessageCodec.Decode(await peer.ReceiveAsync()).Message);
        await Assert.ThrowsAnyAsync<Exception>(() => peer.ReceiveAsync());
    }

    [Fact]
    public async Task ConnectAsync_gives_up_on_a_peer_that_never_sends_init_with_a_typed_timeout()
    {
        var options = TransportOptions.Default with { InitTimeout = TimeSpan.FromMilliseconds(200) };
        var connect = NoisePeerConnection.ConnectAsync(Listener.EndPoint, InitiatorKey, ResponderKey.PublicKey, options);
        await using var silent = await RawNoisePeer.RespondAsync(await Listener.AcceptSocketAsync(), ResponderKey);

        var timedOut = await Assert.ThrowsAsync<TransportTimeoutException>(() => connect.WaitAsync(Loopback.Patience));
        Assert.Equal(TransportTimeoutKind.Init, timedOut.Kind);
        Assert.IsType<Init>(MessageCodec.Decode(await silent.ReceiveAsync()).Message);
    }
}
