using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Transport;

namespace Microchannels.Channels.Tests.Transport;

/// <summary>NoiseTransport over real loopback TCP: handshake, framing limits, clean close, refusals.</summary>
public sealed class NoiseTransportTests : LoopbackTest
{
    [Fact]
    public async Task The_handshake_completes_and_each_side_knows_the_others_static_key()
    {
        var (initiator, responder) = await Listener.ConnectPairAsync(InitiatorKey, ResponderKey);
        await using (initiator)
        await using (responder)
        {
            Assert.Equal(ResponderKey.PublicKey.ToBytes(), initiator.RemoteStaticKey.ToBytes());
            Assert.Equal(InitiatorKey.PublicKey.ToBytes(), responder.RemoteStaticKey.ToBytes());

            await initiator.SendAsync("hello"u8.ToArray());
            await responder.SendAsync("world"u8.ToArray());
            Assert.Equal("hello"u8.ToArray(), (await responder.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience))!.Value.ToArray());
            Assert.Equal("world"u8.ToArray(), (await initiator.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience))!.Value.ToArray());
        }
    }

    [Fact]
    public async Task An_initiator_expecting_another_key_is_refused_with_typed_errors_on_both_sides()
    {
        using var someoneElse = PrivateKey.Generate();
        var accept = Task.Run(async () => await NoiseTransport.AcceptAsync(await Listener.AcceptSocketAsync(), ResponderKey));

        // The initiator believes the node at this address is someoneElse.
        var connect = NoiseTransport.ConnectAsync(Listener.EndPoint, InitiatorKey, someoneElse.PublicKey);

        var initiatorError = await Assert.ThrowsAsync<NoiseHandshakeException>(() => connect.WaitAsync(Loopback.Patience));
        var responderError = await Assert.ThrowsAsync<NoiseHandshakeException>(() => accept.WaitAsync(Loopback.Patience));

        // The responder sees act one's MAC fail and hangs up without a word (BOLT 8, Act One,
        // receiver step 7); the initiator's act two therefore never arrives.
        Assert.Equal((1, NoiseHandshakeFailure.BadTag), (responderError.Act, responderError.Reason));
        Assert.Equal((2, NoiseHandshakeFailure.ReadFailed), (initiatorError.Act, initiatorError.Reason));
    }

    [Fact]
    public async Task A_message_over_65535_bytes_is_refused_and_the_connection_stays_usable()
    {
        var (initiator, responder) = await Listener.ConnectPairAsync(InitiatorKey, ResponderKey);
        await using (initiator)
        await using (responder)
        {
            var error = await Assert.ThrowsAsync<MessageTooLargeException>(() => initiator.SendAsync(new byte[65536]).AsTask());
            Assert.Equal(65536, error.Length);

            var largest = Enumerable.Range(0, 65535).Select(i => (byte)i).ToArray();
            await initiator.SendAsync(largest);
            Assert.Equal(largest, (await responder.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience))!.Value.ToArray());
        }
    }

    [Fact]
    public async Task Closing_is_a_half_close_each_side_sees_null_after_the_others_last_message()
    {
        var (initiator, responder) = await Listener.ConnectPairAsync(InitiatorKey, ResponderKey);
        await using (initiator)
        await using (responder)
        {
            await initiator.SendAsync("last from initiator"u8.ToArray());
            await initiator.CloseAsync();
            await Assert.ThrowsAsync<InvalidOperationException>(() => initiator.SendAsync("too late"u8.ToArray()).AsTask());

            Assert.Equal("last from initiator"u8.ToArray(), (await responder.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience))!.Value.ToArray());
            Assert.Null(await responder.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience));

            // The responder may still answer before closing its own side.
            await responder.SendAsync("reply after your close"u8.ToArray());
            await responder.CloseAsync();
            Assert.Equal("reply after your close"u8.ToArray(), (await initiator.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience))!.Value.ToArray());
            Assert.Null(await initiator.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience));
        }
    }

    [Fact]
    public async Task Disposing_closes_cleanly_for_the_peer_and_refuses_further_use_locally()
    {
        var (initiator, responder) = await Listener.ConnectPairAsync(InitiatorKey, ResponderKey);
        await using (responder)
        {
            await initiator.SendAsync("goodbye"u8.ToArray());
            await initiator.DisposeAsync();

            Assert.Equal("goodbye"u8.ToArray(), (await responder.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience))!.Value.ToArray());
            Assert.Null(await responder.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience));
            await Assert.ThrowsAsync<ObjectDisposedException>(() => initiator.SendAsync("x"u8.ToArray()).AsTask());
            await Assert.ThrowsAsync<ObjectDisposedException>(() => initiator.ReceiveAsync().AsTask());
        }
    }

    [Fact]
    public async Task A_silent_responder_makes_connect_time_out_with_a_typed_error()
    {
        var options = TransportOptions.Default with { HandshakeTimeout = TimeSpan.FromMilliseconds(300) };
        var connect = NoiseTransport.ConnectAsync(Listener.EndPoint, InitiatorKey, ResponderKey.PublicKey, options);
        using var silent = await Listener.AcceptSocketAsync();

        var error = await Assert.ThrowsAsync<TransportTimeoutException>(() => connect.WaitAsync(Loopback.Patience));

        Assert.Equal(TransportTimeoutKind.Handshake, error.Kind);
    }

    [Fact]
    public async Task A_silent_initiator_makes_accept_time_out_with_a_typed_error()
    {
        var options = TransportOptions.Default with { HandshakeTimeout = TimeSpan.FromMilliseconds(300) };
        var accept = Task.Run(async () => await NoiseTransport.AcceptAsync(await Listener.AcceptSocketAsync(), ResponderKey, options));
        using var silent = await Listener.ConnectRawAsync();

        var error = await Assert.ThrowsAsync<TransportTimeoutException>(() => accept.WaitAsync(Loopback.Patience));

        Assert.Equal(TransportTimeoutKind.Handshake, error.Kind);
    }

    [Fact]
    public async Task A_forged_length_prefix_faults_the_receiver_with_a_MAC_error()
    {
        var connect = NoiseTransport.ConnectAsync(Listener.EndPoint, InitiatorKey, ResponderKey.PublicKey);
        await using var peer = await RawNoisePeer.RespondAsync(await Listener.AcceptSocketAsync(), ResponderKey);
        await using var transport = await connect.WaitAsync(Loopback.Patience);

        // 0xffff would be an impossible-to-trust length: it must not be believed before its MAC.
        await peer.Stream.WriteAsync(new byte[] { 0xff, 0xff }.Concat(new byte[16]).ToArray());

        await Assert.ThrowsAsync<NoiseMessageAuthenticationException>(() => transport.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience));
        await Assert.ThrowsAsync<NoiseMessageAuthenticationException>(() => transport.SendAsync("after"u8.ToArray()).AsTask());
    }

    [Fact]
    public async Task A_peer_that_hangs_up_mid_message_is_a_transport_error_not_a_clean_close()
    {
        var connect = NoiseTransport.ConnectAsync(Listener.EndPoint, InitiatorKey, ResponderKey.PublicKey);
        await using var peer = await RawNoisePeer.RespondAsync(await Listener.AcceptSocketAsync(), ResponderKey);
        await using var transport = await connect.WaitAsync(Loopback.Patience);

        var packet = peer.Session.Encryptor.Encrypt(new byte[100]);
        await peer.Stream.WriteAsync(packet.AsMemory(0, 40));
        peer.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);

        await Assert.ThrowsAsync<TransportException>(() => transport.ReceiveAsync().AsTask().WaitAsync(Loopback.Patience));
    }

    [Fact]
    public async Task Connecting_to_a_closed_port_is_a_transport_error()
    {
        var endPoint = Listener.EndPoint;
        Listener.Dispose();

        await Assert.ThrowsAsync<TransportException>(() => NoiseTransport.ConnectAsync(endPoint, InitiatorKey, ResponderKey.PublicKey).WaitAsync(Loopback.Patience));
    }
}
