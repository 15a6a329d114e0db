using System.Buffers.Binary;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Transport;

namespace Microchannels.Channels.Tests.Transport;

/// <summary>BOLT 1 ping/pong keep-alive over loopback TCP.</summary>
public sealed class NoiseTransportKeepAliveTests : LoopbackTest
{
    private static readonly TransportOptions Pinging = TransportOptions.Default with
    {
        PingInterval = TimeSpan.FromMilliseconds(100),
        PingTimeout = TimeSpan.FromMilliseconds(400),
    };

    [Fact]
    public async Task An_idle_connection_pings_and_the_peer_answers_automatically()
    {
        // Only the initiator pings; the responder answers without its application doing anything.
        var quiet = TransportOptions.Default with { PingInterval = Timeout.InfiniteTimeSpan };
        var (initiator, responder) = await Listener.ConnectPairAsync(InitiatorKey, ResponderKey, Pinging with { PingTimeout = TimeSpan.FromSeconds(10) }, quiet);
        await using (initiator)
        await using (responder)
        {
            // BOLT 1: keep-alive starts once init went each way (here, any first message).
            await initiator.SendAsync("init"u8.ToArray());
            await responder.SendAsync("init"u8.ToArray());
            await initiator.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience);
            await responder.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience);
            var threePongs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            initiator.PongReceived += () =>
            {
                if (initiator.PongsReceived >= 3)
                {
                    threePongs.TrySetResult();
                }
            };

            await threePongs.Task.WaitAsync(Loopback.Patience);

            // Pings and pongs never reach the application: the next message is the real one.
            await responder.SendAsync("payload"u8.ToArray());
            Assert.Equal("payload"u8.ToArray(), (await initiator.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience))!.Value.ToArray());
            await initiator.SendAsync("payload back"u8.ToArray());
            Assert.Equal("payload back"u8.ToArray(), (await responder.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience))!.Value.ToArray());
            Assert.True(initiator.PingsSent >= 3);
        }
    }

    [Fact]
    public async Task A_peer_that_never_pongs_is_detected_as_dead_with_a_typed_error()
    {
        var connect = NoiseTransport.ConnectAsync(Listener.EndPoint, InitiatorKey, ResponderKey.PublicKey, Pinging);
        await using var deadPeer = await RawNoisePeer.RespondAsync(await Listener.AcceptSocketAsync(), ResponderKey);
        await using var transport = await connect.WaitAsync(Loopback.Patience);
        await transport.SendAsync("init"u8.ToArray());
        await deadPeer.SendAsync("init"u8.ToArray());
        Assert.Equal("init"u8.ToArray(), (await transport.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience))!.Value.ToArray());

        var error = await Assert.ThrowsAsync<TransportTimeoutException>(() => transport.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience));

        Assert.Equal(TransportTimeoutKind.Pong, error.Kind);
        Assert.True(transport.PingsSent >= 1);
        await Assert.ThrowsAsync<TransportTimeoutException>(() => transport.SendAsync("anyone there?"u8.ToArray()).AsTask());
    }

    [Fact]
    public async Task A_ping_is_answered_with_the_requested_pong_size_and_oversized_requests_are_ignored()
    {
        var accept = Task.Run(async () => await NoiseTransport.AcceptAsync(await Listener.AcceptSocketAsync(), ResponderKey));
        await using var peer = await RawNoisePeer.InitiateAsync(await Listener.ConnectRawAsync(), InitiatorKey, ResponderKey.PublicKey);
        await using var transport = await accept.WaitAsync(Loopback.Patience);

        // Init each way first (BOLT 1), then the pings.
        await peer.SendAsync("init"u8.ToArray());
        await transport.SendAsync("init"u8.ToArray());
        Assert.Equal("init"u8.ToArray(), await peer.ReceiveAsync());

        // BOLT 1: num_pong_bytes >= 65532 MUST be ignored; below that, byteslen = num_pong_bytes.
        await peer.SendAsync(Ping(numPongBytes: 65532));
        await peer.SendAsync(Ping(numPongBytes: 10));

        var pong = await peer.ReceiveAsync();
        Assert.Equal("0013000a" + new string('0', 20), Convert.ToHexStringLower(pong));
    }

    [Fact]
    public async Task A_truncated_ping_faults_the_connection()
    {
        var accept = Task.Run(async () => await NoiseTransport.AcceptAsync(await Listener.AcceptSocketAsync(), ResponderKey));
        await using var peer = await RawNoisePeer.InitiateAsync(await Listener.ConnectRawAsync(), InitiatorKey, ResponderKey.PublicKey);
        await using var transport = await accept.WaitAsync(Loopback.Patience);

        // byteslen claims 5 ignored bytes but none follow.
        await peer.SendAsync(Convert.FromHexString("001200000005"));

        await Assert.ThrowsAsync<TransportException>(() => transport.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience));
    }

    private static byte[] Ping(ushort numPongBytes)
    {
        var ping = new byte[6];
        BinaryPrimitives.WriteUInt16BigEndian(ping, 18);
        BinaryPrimitives.WriteUInt16BigEndian(ping.AsSpan(2), numPongBytes);
        return ping;
    }
}
