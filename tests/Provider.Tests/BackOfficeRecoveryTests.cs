using Grpc.Core;
using Microchannels.Bitcoin;
using Microchannels.Provider.Api.V1;
using Microchannels.Provider.Tests.Support;

namespace Microchannels.Provider.Tests;

/// <summary>
/// A back office that follows SubscribeTransfers through daemon restarts (SIGTERM, then SIGKILL)
/// while meters keep paying: resuming from its last sequence number it sees every transfer the
/// meters saw committed, exactly once, numbered without a gap.
/// </summary>
public sealed class BackOfficeRecoveryTests : IAsyncLifetime
{
    private const int Meters = 3;
    private const int Rounds = 3;
    private const int PerRound = 15;

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("microchannels-provider-recovery-").FullName;
    private TestChain _chain = null!;
    private readonly List<TestMeter> _meters = [];
    private readonly int _apiPort = FreePort.Pick();
    private readonly int _metricsPort = FreePort.Pick();
    private readonly Dictionary<(string Channel, TransferDirection Direction, ulong Id), ulong> _seen = [];
    private readonly CancellationTokenSource _stop = new();
    private DaemonProcess _daemon = null!;
    private ulong _lastSequence;
    private string? _failure;

    public async Task InitializeAsync()
    {
        _chain = await TestChain.StartAsync(ChainKind.Embedded);
        _daemon = await StartDaemonAsync();
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var meter in _meters)
        {
            await meter.DisposeAsync();
        }

        await _daemon.DisposeAsync();
        await _chain.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task A_subscriber_resuming_from_its_last_sequence_sees_every_committed_transfer_exactly_once_across_SIGTERM_and_SIGKILL()
    {
        var admin = _daemon.Client(_daemon.AdminToken);
        for (int i = 0; i < Meters; i++)
        {
            var meter = new TestMeter($"recovery {i}", _chain);
            _meters.Add(meter);
            await admin.AllowMeterAsync(new AllowMeterRequest { NodeId = meter.NodeKey.PublicKey.ToString() });
        }

        foreach (var meter in _meters)
        {
            await meter.OpenAsync(_daemon, new Satoshis(2_000_000));
        }

        await _chain.MineAsync(3);
        await Task.WhenAll(_meters.Select(m => m.ConfirmAsync(_daemon)));
        var backOffice = Task.Run(FollowAsync);

        for (int round = 0; round < Rounds; round++)
        {
            foreach (var meter in _meters)
            {
                await meter.PayAsync(PerRound, 1_000 + (ulong)round);
            }

            // Restart while payments are in flight: the first time gracefully, the second time not at all.
            await _meters[0].WaitCompletedAsync((round * PerRound) + 3);
            if (round == 0)
            {
                Assert.Equal(0, await _daemon.TerminateAsync());
            }
            else if (round == 1)
            {
                await _daemon.KillAsync();
            }
            else
            {
                break;
            }

            await _daemon.DisposeAsync();
            _daemon = await StartDaemonAsync();
            foreach (var meter in _meters)
            {
                await meter.ConnectAsync(_daemon);
            }
        }

        foreach (var meter in _meters)
        {
            await meter.WaitCompletedAsync(Rounds * PerRound);
        }

        // Everything the meters saw committed reaches the back office, and nothing else.
        var expected = _meters.SelectMany(m => m.Completed.Select(c => (Channel: m.State.ChannelId.ToHex(), Id: c.Key))).ToHashSet();
        Assert.Equal(Meters * Rounds * PerRound, expected.Count);
        await Eventually.TrueAsync(() =>
        {
            lock (_seen)
            {
                return _seen.Count >= expected.Count || _failure is not null;
            }
        }, "the back office to see every committed transfer", 120);
        await _stop.CancelAsync();
        await backOffice;
        Assert.Null(_failure);
        lock (_seen)
        {
            Assert.Equal(expected, _seen.Keys.Where(k => k.Direction == TransferDirection.Received).Select(k => (k.Channel, k.Id)).ToHashSet());
            Assert.Equal(Enumerable.Range(1, _seen.Count).Select(i => (ulong)i), _seen.Values.Order());
        }
    }

    /// <summary>The back office: follows the stream, remembers its last sequence, reconnects with it after any failure.</summary>
    private async Task FollowAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var client = _daemon.Client(_daemon.ReadOnlyToken);
                using var call = client.SubscribeTransfers(new SubscribeTransfersRequest { AfterSequence = _lastSequence }, cancellationToken: _stop.Token);
                await foreach (var transfer in call.ResponseStream.ReadAllAsync(_stop.Token))
                {
                    lock (_seen)
                    {
                        if (transfer.Sequence != _lastSequence + 1)
                        {
                            _failure ??= $"sequence {transfer.Sequence} after {_lastSequence}";
                        }

                        if (!_seen.TryAdd((transfer.ChannelId, transfer.Direction, transfer.TransferId), transfer.Sequence))
                        {
                            _failure ??= $"transfer {transfer.ChannelId}/{transfer.TransferId} seen twice";
                        }

                        _lastSequence = transfer.Sequence;
                    }
                }
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException)
            {
                // The daemon is restarting (or we are done): reconnect from the last sequence.
            }

            if (!_stop.IsCancellationRequested)
            {
                await Task.Delay(100);
            }
        }
    }

    private Task<DaemonProcess> StartDaemonAsync() => DaemonProcess.StartAsync(_dataDirectory, _chain.Url, _apiPort, _metricsPort);
}
