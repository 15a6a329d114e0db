using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Tests.Engine;
using Microchannels.Channels.Transport;
using Microchannels.Channels.Wire;
using Xunit.Abstractions;

namespace Microchannels.Channels.Tests.Node;

/// <summary>
/// Issue 14 item 3, scaled down for CI (the full run with figures is
/// <c>bench/Microchannels.Benchmarks -- flood</c>, docs/PERFORMANCE.md): strangers handshake
/// with fresh identities and stalled connections pile up while two listed meters pay. The
/// bounds hold, the deadlines close what stalls, strangers leave nothing behind and the meters'
/// payments all go through.
/// </summary>
public class FloodTests(ITestOutputHelper output)
{
    private const int Handshakes = 300;
    private const int Stalled = 100;
    private const int PendingPerAddress = 60;
    private const int Transfers = 40;
    private static readonly Satoshis Funding = new(500_000);
    private static readonly MilliSatoshis Push = new(10_000_000);
    private static readonly IPAddress StrangerAddress = IPAddress.Parse("127.0.0.3");

    [Fact]
    public async Task Strangers_and_stalled_connections_stay_within_the_bounds_while_meters_keep_paying()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        using var readings = new ChannelPair();
        var meters = new[] { new MeterClient(900), new MeterClient(901) };
        var transport = TransportOptions.Default with { HandshakeTimeout = TimeSpan.FromSeconds(5), InitTimeout = TimeSpan.FromSeconds(2) };
        var options = new ProviderNodeOptions
        {
            AllowedMeters = meters.Select(m => m.NodeKey.PublicKey).ToHashSet(),
            Transport = transport,
            FirstMessageTimeout = TimeSpan.FromSeconds(5),
            MaxPendingConnectionsPerAddress = PendingPerAddress,
        };
        await using var provider = new ProviderHarness(options);
        var stalled = new List<Socket>();
        try
        {
            await provider.StartAsync(ct);
            var node = provider.Node!;
            await Task.WhenAll(meters.Select(m => m.OpenAsync(node.LocalEndPoint, node.NodeId, Funding, Push, readings.MeterReadingKey.PublicKey, ct)));
            await ProviderNodeTests.ConfirmFundingAsync(node, meters, ct);
            int recordsBefore = await ClosedAdmissionTests.CountRecordsAsync(provider, ct);
            long heapBefore = GC.GetTotalMemory(forceFullCollection: true);

            // Stalled connections from one address: only its share is held, the rest closed at once.
            for (int i = 0; i < Stalled; i++)
            {
                stalled.Add(await RawConnection.OpenAsync(node.LocalEndPoint, ct));
            }

            await Eventually.TrueAsync(() => node.PendingConnectionCount + node.RefusedConnectionCount >= Stalled, "every stalled connection accepted or refused", ct);
            Assert.Equal(PendingPerAddress, node.PendingConnectionCount);
            Assert.Equal(Stalled - PendingPerAddress, node.RefusedConnectionCount);

            // Strangers handshake from another address while the meters pay.
            int maxPending = 0;
            var strangers = Task.Run(() => StrangersAsync(node, ct), ct);
            var paying = meters.Select(m => PayAsync(node, m, readings, ct)).ToList();
            while (!strangers.IsCompleted)
            {
                maxPending = Math.Max(maxPending, node.PendingConnectionCount);
                Assert.InRange(node.ConnectionCount, 0, options.MaxConnections);
                await Task.WhenAny(strangers, Task.Delay(10, ct));
            }

            int refusedStrangers = await strangers;
            var roundTrips = (await Task.WhenAll(paying)).SelectMany(t => t).Order().ToList();
            long heapDuring = GC.GetTotalMemory(forceFullCollection: false);
            output.WriteLine($"{Handshakes} strangers refused: {refusedStrangers}; max pending {maxPending}; meter round trip p50 {roundTrips[roundTrips.Count / 2]:F1} ms, max {roundTrips[^1]:F1} ms");

            Assert.Equal(Handshakes, refusedStrangers);
            Assert.InRange(maxPending, 0, options.MaxPendingConnections);

            // The handshake deadline closes every stalled connection; nothing of the flood is kept.
            foreach (var socket in stalled)
            {
                await RawConnection.ClosedByPeerAsync(socket, ct);
            }

            await Eventually.TrueAsync(() => node.PendingConnectionCount == 0 && node.PendingAddressCount == 0 && node.ConnectionCount == meters.Length, "only the meters' connections left", ct);
            Assert.Equal(meters.Length, node.ChannelCount);
            Assert.Equal(recordsBefore, await ClosedAdmissionTests.CountRecordsAsync(provider, ct));
            long heapAfter = GC.GetTotalMemory(forceFullCollection: true);
            output.WriteLine($"managed heap: before {heapBefore / 1024} KiB, during {heapDuring / 1024} KiB, after {heapAfter / 1024} KiB");
            Assert.True(heapAfter - heapBefore < 32L * 1024 * 1024, $"the managed heap grew by {(heapAfter - heapBefore) / 1024} KiB");
        }
        finally
        {
            foreach (var socket in stalled)
            {
                socket.Dispose();
            }

            foreach (var meter in meters)
            {
                await meter.DisposeAsync();
            }
        }
    }

    /// <summary>Fresh identities, eight at a time: handshake, init, open_channel; counts the refusals (an <c>error</c>).</summary>
    private static async Task<int> StrangersAsync(ProviderNode node, CancellationToken ct)
    {
        var from = TransportOptions.Default with { BindTo = new IPEndPoint(StrangerAddress, 0) };
        using var readings = new ChannelPair();
        var open = ProviderNodeAdmissionTests.OpenMessage(readings, "flood");
        int refused = 0;
        await Parallel.ForAsync(0, Handshakes, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
        {
            using var identity = PrivateKey.FromBytes(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes($"flood stranger {i}")));
            await using var connection = await NoisePeerConnection.ConnectAsync(node.LocalEndPoint, identity, node.NodeId, from, token);
            await connection.SendAsync(open, token);
            if (await connection.ReceiveAsync(token) is Error)
            {
                Interlocked.Increment(ref refused);
            }
        });
        return refused;
    }

    /// <summary>One transfer at a time, each awaited until the provider holds it committed; the round trips in ms.</summary>
    private static async Task<List<double>> PayAsync(ProviderNode node, MeterClient meter, ChannelPair readings, CancellationToken ct)
    {
        var roundTrips = new List<double>(Transfers);
        for (int i = 0; i < Transfers; i++)
        {
            ulong before = ((ChannelState.Normal)node.GetState(meter.NodeKey.PublicKey)!).Commitments.LocalCommit.Spec.ToLocal.Value;
            var clock = Stopwatch.StartNew();
            // Version 2: bound to this channel, the node and the transfer (the node refuses version 1).
            var reading = meter.NextReading(readings.MeterReadingKey, node.NodeId, 2_000);
            await meter.Runner!.PostAsync(new ChannelInput.SendTransfer(new MilliSatoshis(2_000), reading), ct);
            await Eventually.TrueAsync(() => node.GetState(meter.NodeKey.PublicKey) is ChannelState.Normal { Commitments.LocalCommit.Spec.ToLocal.Value: var now } && now == before + 2_000, "the transfer committed", ct);
            roundTrips.Add(clock.Elapsed.TotalMilliseconds);
        }

        return roundTrips;
    }
}
