using System.Buffers.Binary;
using Microchannels.Channels.Transport;

namespace Microchannels.Channels.Tests.Transport;

/// <summary>
/// BOLT 1 "The init Message": the sender "MUST send init as the first Lightning message for any
/// connection"; the receiver "MUST wait to receive init before sending any other messages".
/// The transport's own ping/pong traffic waits for that exchange, and a ping or pong that comes
/// before the peer's first message is refused.
/// </summary>
public sealed class InitFirstTests : LoopbackTest
{
    private static readonly TransportOptions Eager = TransportOptions.Default with
    {
        PingInterval = TimeSpan.FromMilliseconds(10),
        PingTimeout = TimeSpan.FromSeconds(10),
    };

    private static readonly byte[] OurInit = Convert.FromHexString("00100000000102");

    private static readonly byte[] PeerInit = Convert.FromHexString("00100000000103");

    [Fact]
    public async Task No_keep_alive_ping_leaves_before_our_first_message()
    {
        var accept = Task.Run(async () => await NoiseTransport.AcceptAsync(await Listener.AcceptSocketAsync(), ResponderKey, Eager));
        await using var peer = await RawNoisePeer.InitiateAsync(await Listener.ConnectRawAsync(), InitiatorKey, ResponderKey.PublicKey);
        await using var transport = await accept.WaitAsync(Loopback.Patience);

        // Idle for many ping intervals while the application has not sent init yet.
        await peer.SendAsync(PeerInit);
        Assert.Equal(PeerInit, (await transport.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience))!.Value.ToArray());
        await Task.Delay(300);
        await transport.SendAsync(OurInit);

        Assert.Equal(OurInit, await peer.ReceiveAsync());
    }

    [Fact]
    public async Task A_ping_after_the_peers_init_is_answered_only_after_our_init()
    {
        var quiet = TransportOptions.Default with { PingInterval = Timeout.InfiniteTimeSpan };
        var accept = Task.Run(async () => await NoiseTransport.AcceptAsync(await Listener.AcceptSocketAsync(), ResponderKey, quiet));
        await using var peer = await RawNoisePeer.InitiateAsync(await Listener.ConnectRawAsync(), InitiatorKey, ResponderKey.PublicKey);
        await using var transport = await accept.WaitAsync(Loopback.Patience);

        await peer.SendAsync(PeerInit);
        await peer.SendAsync(Ping(4));
        Assert.Equal(PeerInit, (await transport.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience))!.Value.ToArray());
        await Task.Delay(200);
        await transport.SendAsync(OurInit);

        Assert.Equal(OurInit, await peer.ReceiveAsync());
        Assert.Equal("0013000400000000", Convert.ToHexStringLower(await peer.ReceiveAsync()));
    }

    [Theory]
    [InlineData(18)]
    [InlineData(19)]
    public async Task A_ping_or_pong_before_the_peers_init_is_refused_and_not_answered(ushort type)
    {
        var accept = Task.Run(async () => await NoiseTransport.AcceptAsync(await Listener.AcceptSocketAsync(), ResponderKey));
        await using var peer = await RawNoisePeer.InitiateAsync(await Listener.ConnectRawAsync(), InitiatorKey, ResponderKey.PublicKey);
        await using var transport = await accept.WaitAsync(Loopback.Patience);

        var first = type == 18 ? Ping(4) : Convert.FromHexString("00130000");
        await peer.SendAsync(first);

        var refused = await Assert.ThrowsAsync<ControlBeforeInitException>(() => transport.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience));
        Assert.Equal(type, refused.MessageType);

        // Nothing was answered: the connection closes without a pong.
        await Assert.ThrowsAnyAsync<Exception>(() => peer.ReceiveAsync());
    }

    private static byte[] Ping(ushort numPongBytes)
    {
        var ping = new byte[6];
        BinaryPrimitives.WriteUInt16BigEndian(ping, 18);
        BinaryPrimitives.WriteUInt16BigEndian(ping.AsSpan(2), numPongBytes);
        return ping;
    }
}
