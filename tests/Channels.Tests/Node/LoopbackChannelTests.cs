using System.Diagnostics;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Store;
using Microchannels.Channels.Tests.Engine;
using Microchannels.Channels.Wire;
using Xunit.Abstractions;

namespace Microchannels.Channels.Tests.Node;

/// <summary>Two nodes, each with a durable SQLite store, streaming over real loopback TCP (BOLT 8 + init).</summary>
public class LoopbackChannelTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ten_thousand_transfers_each_way_over_loopback_with_durable_stores()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        using var pair = new ChannelPair(meterInitialMsat: 600_000_000);
        await using var meter = new LoopbackNode("meter", Seed(0x42), Microchannels.Bitcoin.Crypto.Hashes.Sha256("meter node"u8));
        await using var provider = new LoopbackNode("provider", Seed(0x24), Microchannels.Bitcoin.Crypto.Hashes.Sha256("provider node"u8));
        await StartFreshAsync(meter, pair.Meter);
        await StartFreshAsync(provider, pair.Provider);
        var meterDone = Count(meter.Runner!, 10_000);
        var providerDone = Count(provider.Runner!, 10_000);
        await LoopbackNode.ConnectAsync(meter, provider, ct);

        var clock = Stopwatch.StartNew();
        ulong paid = 0, refunded = 0;
        for (int i = 0; i < 10_000; i++)
        {
            ulong pay = 1_000 + (ulong)(i % 97);
            ulong refund = 400 + (ulong)(i % 13);
            await meter.Runner!.PostAsync(new ChannelInput.SendTransfer(new MilliSatoshis(pay), pair.NextReading()), ct);
            await provider.Runner!.PostAsync(new ChannelInput.SendTransfer(new MilliSatoshis(refund), pair.NextReading()), ct);
            paid += pay;
            refunded += refund;
        }

        var (meterCommitments, _) = await meterDone.WaitAsync(ct);
        var (providerCommitments, _) = await providerDone.WaitAsync(ct);
        clock.Stop();
        output.WriteLine($"20,000 transfers completed in {clock.Elapsed.TotalSeconds:F2} s ({20_000 / clock.Elapsed.TotalSeconds:F0} transfers/s); meter signed {meterCommitments} commitments, provider {providerCommitments}.");

        await WaitUntilQuietAsync(meter, provider, ct);
        var meterState = (ChannelState.Normal)meter.Runner!.State;
        var providerState = (ChannelState.Normal)provider.Runner!.State;
        Assert.Equal(new MilliSatoshis(600_000_000 - paid + refunded), meterState.Commitments.LocalCommit.Spec.ToLocal);
        Assert.Equal(meterState.Commitments.LocalCommit.Spec, providerState.Commitments.RemoteCommit.Spec);
        Assert.Equal(providerState.Commitments.LocalCommit.Spec, meterState.Commitments.RemoteCommit.Spec);
        Assert.True(meterCommitments < 10_000, "transfers should share commitments");

        // What the stores hold is what the nodes run: restart both and compare.
        var key = meter.Runner!.Key;
        var restarted = await meter.RestartAsync(key);
        Assert.Equal(meterState.Commitments.LocalCommit, ((ChannelState.Normal)restarted.State).Commitments.LocalCommit);
        Assert.Equal(meterState.Commitments.RemoteCommit, ((ChannelState.Normal)restarted.State).Commitments.RemoteCommit);
        Assert.Empty(meter.Chain.Broadcast);
        Assert.Empty(provider.Chain.Broadcast);
    }

    internal static byte[] Seed(byte value) => Enumerable.Repeat(value, 32).ToArray();

    internal static async Task StartFreshAsync(LoopbackNode node, Commitments commitments)
    {
        var state = new ChannelState.Normal(commitments, ConnectionPhase.Disconnected, []);
        await node.Store.SaveAsync(new ChannelRecord(new ChannelKey(state.ChannelId.AsSpan()), 1, ChannelStateCodec.Encode(state)));
        node.Start(state, 1);
    }

    /// <summary>Counts our transfers that completed (and the commitments we signed) until <paramref name="expected"/> have.</summary>
    internal static async Task<(int Commitments, int Completed)> Count(ChannelRunner runner, int expected)
    {
        int completed = 0;
        await foreach (var action in runner.Events.ReadAllAsync())
        {
            if (action is ChannelAction.TransfersCompleted done)
            {
                completed += done.Sent.Count;
                if (completed >= expected)
                {
                    var state = (ChannelState.Normal)runner.State;
                    return ((int)state.Commitments.RemoteCommit.Index, completed);
                }
            }
        }

        throw new InvalidOperationException($"Runner stopped after {completed} completed transfers.");
    }

    internal static async Task WaitUntilQuietAsync(LoopbackNode a, LoopbackNode b, CancellationToken ct)
    {
        while (true)
        {
            if (a.Runner!.State is ChannelState.Normal { Commitments: var ca } && b.Runner!.State is ChannelState.Normal { Commitments: var cb }
                && !ca.AwaitingRevocation && !cb.AwaitingRevocation && ca.LocalChanges.IsEmpty && cb.LocalChanges.IsEmpty
                && ca.RemoteChanges.IsEmpty && cb.RemoteChanges.IsEmpty)
            {
                return;
            }

            if (ct.IsCancellationRequested)
            {
                throw new TimeoutException($"Not quiet: {Describe(a)} | {Describe(b)}");
            }

            await Task.Delay(10, CancellationToken.None);
        }
    }

    private static string Describe(LoopbackNode node) => node.Runner?.State switch
    {
        ChannelState.Normal n => $"{node.Name}: {n.Connection}, local {n.Commitments.LocalCommit.Index}, remote {n.Commitments.RemoteCommit.Index}, awaiting {n.Commitments.AwaitingRevocation}, "
            + $"L(p{n.Commitments.LocalChanges.Proposed.Count} s{n.Commitments.LocalChanges.Signed.Count} a{n.Commitments.LocalChanges.Acked.Count}) "
            + $"R(p{n.Commitments.RemoteChanges.Proposed.Count} s{n.Commitments.RemoteChanges.Signed.Count} a{n.Commitments.RemoteChanges.Acked.Count}) unsent {n.Unsent.Count}; runner {node.Runner!.Completion.Status} {node.Runner.Completion.Exception?.InnerException?.InnerException?.GetType().Name}: {node.Runner.Completion.Exception?.InnerException?.InnerException?.Message}",
        var other => $"{node.Name}: {other?.GetType().Name}",
    };
}
