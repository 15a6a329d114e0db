using System.Net;
using System.Net.Sockets;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Node;
using Microchannels.Channels.Tests.Engine;
using Microchannels.Channels.Transport;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Node;

/// <summary>Issue 14 item 3: connections are bounded in total and per source address, and every stage of admission has a deadline.</summary>
public class ConnectionLimitTests
{
    private static readonly IPAddress OtherAddress = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task A_connection_over_the_per_address_bound_is_closed_at_once_and_other_addresses_still_get_in()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = timeout.Token;
        await using var provider = new ProviderHarness(new ProviderNodeOptions { MaxPendingConnectionsPerAddress = 2 });
        await provider.StartAsync(ct);
        var node = provider.Node!;

        using var first = await RawConnection.OpenAsync(node.LocalEndPoint, ct);
        using var second = await RawConnection.OpenAsync(node.LocalEndPoint, ct);
        await Eventually.TrueAsync(() => node.PendingConnectionCount == 2, "two pending connections", ct);

        using var third = await RawConnection.OpenAsync(node.LocalEndPoint, ct);
        await RawConnection.ClosedByPeerAsync(third, ct);
        Assert.Equal(1, node.RefusedConnectionCount);

        using var elsewhere = await RawConnection.OpenAsync(node.LocalEndPoint, ct, OtherAddress);
        await Eventually.TrueAsync(() => node.PendingConnectionCount == 3, "the other address admitted to the handshake", ct);
        Assert.Equal(2, node.PendingAddressCount);

        // A slot freed is a slot given again.
        first.Dispose();
        await Eventually.TrueAsync(() => node.PendingConnectionCount == 2, "the closed connection forgotten", ct);
        using var again = await RawConnection.OpenAsync(node.LocalEndPoint, ct);
        await Eventually.TrueAsync(() => node.PendingConnectionCount == 3, "a new connection from the first address", ct);
        Assert.Equal(1, node.RefusedConnectionCount);
    }

    [Fact]
    public async Task Admitted_connections_count_against_the_total_until_they_close()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = timeout.Token;
        await using var provider = new ProviderHarness(new ProviderNodeOptions { OpenAdmission = true, MaxConnections = 2 });
        using var readings = new ChannelPair();
        await provider.StartAsync(ct);
        var node = provider.Node!;
        using var meterKey = PrivateKey.FromBytes(Hashes.Sha256("limit meter"u8));

        var meter = await NoisePeerConnection.ConnectAsync(node.LocalEndPoint, meterKey, node.NodeId, cancellationToken: ct);
        await meter.SendAsync(ProviderNodeAdmissionTests.OpenMessage(readings, "limit"), ct);
        Assert.IsType<AcceptChannel>(await meter.ReceiveAsync(ct));
        Assert.Equal(1, node.ConnectionCount);
        Assert.Equal(0, node.PendingConnectionCount);

        using var stalled = await RawConnection.OpenAsync(node.LocalEndPoint, ct);
        await Eventually.TrueAsync(() => node.ConnectionCount == 2, "the stalled connection counted", ct);
        using var over = await RawConnection.OpenAsync(node.LocalEndPoint, ct);
        await RawConnection.ClosedByPeerAsync(over, ct);
        Assert.Equal(1, node.RefusedConnectionCount);

        // The meter leaves: its channel's runner closes the connection and gives its slot back.
        await meter.DisposeAsync();
        await Eventually.TrueAsync(() => node.ConnectionCount == 1, "the meter's slot given back", ct);
        using var next = await RawConnection.OpenAsync(node.LocalEndPoint, ct);
        await Eventually.TrueAsync(() => node.ConnectionCount == 2, "a new connection in the freed slot", ct);
    }

    [Fact]
    public async Task A_connection_silent_in_the_handshake_or_before_init_is_closed_at_its_deadline()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = timeout.Token;
        var transport = TransportOptions.Default with { HandshakeTimeout = TimeSpan.FromMilliseconds(300), InitTimeout = TimeSpan.FromMilliseconds(300) };
        await using var provider = new ProviderHarness(new ProviderNodeOptions { Transport = transport });
        await provider.StartAsync(ct);
        var node = provider.Node!;

        // No act one: the BOLT 8 handshake deadline closes it.
        using var silent = await RawConnection.OpenAsync(node.LocalEndPoint, ct);
        await RawConnection.ClosedByPeerAsync(silent, ct);

        // The handshake, then no init: the init deadline closes it (after the node's own init).
        using var strangerKey = PrivateKey.FromBytes(Hashes.Sha256("no init"u8));
        await using var noInit = await NoiseTransport.ConnectAsync(node.LocalEndPoint, strangerKey, node.NodeId, TransportOptions.Default with { PingInterval = Timeout.InfiniteTimeSpan }, ct);
        var init = await noInit.ReceiveAsync(ct);
        Assert.IsType<Init>(MessageCodec.Decode(init!.Value.Span).Message);
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            // Ends in null (closed cleanly) or the transport's failure; either way the node hung up.
            if (await noInit.ReceiveAsync(ct) is null)
            {
                throw new IOException("closed");
            }
        });

        await Eventually.TrueAsync(() => node.PendingConnectionCount == 0 && node.ConnectionCount == 0, "both connections forgotten", ct);
    }

    [Fact]
    public async Task Openings_per_source_address_are_bounded()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = timeout.Token;
        await using var provider = new ProviderHarness(new ProviderNodeOptions { OpenAdmission = true, MaxOpeningChannelsPerAddress = 1 });
        using var readings = new ChannelPair();
        await provider.StartAsync(ct);
        var node = provider.Node!;
        using var firstKey = PrivateKey.FromBytes(Hashes.Sha256("address meter 1"u8));
        using var secondKey = PrivateKey.FromBytes(Hashes.Sha256("address meter 2"u8));
        using var thirdKey = PrivateKey.FromBytes(Hashes.Sha256("address meter 3"u8));

        await using var first = await NoisePeerConnection.ConnectAsync(node.LocalEndPoint, firstKey, node.NodeId, cancellationToken: ct);
        await first.SendAsync(ProviderNodeAdmissionTests.OpenMessage(readings, "first"), ct);
        Assert.IsType<AcceptChannel>(await first.ReceiveAsync(ct));

        await using var second = await NoisePeerConnection.ConnectAsync(node.LocalEndPoint, secondKey, node.NodeId, cancellationToken: ct);
        await second.SendAsync(ProviderNodeAdmissionTests.OpenMessage(readings, "second"), ct);
        var error = Assert.IsType<Error>(await second.ReceiveAsync(ct));
        Assert.Contains("from your address", System.Text.Encoding.UTF8.GetString(error.Data.ToArray()), StringComparison.Ordinal);

        var elsewhere = TransportOptions.Default with { BindTo = new IPEndPoint(OtherAddress, 0) };
        await using var third = await NoisePeerConnection.ConnectAsync(node.LocalEndPoint, thirdKey, node.NodeId, elsewhere, ct);
        await third.SendAsync(ProviderNodeAdmissionTests.OpenMessage(readings, "third"), ct);
        Assert.IsType<AcceptChannel>(await third.ReceiveAsync(ct));
        Assert.Equal(2, node.ChannelCount);
    }
}
