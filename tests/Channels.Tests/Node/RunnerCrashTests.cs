using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Tests.Engine;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Node;

/// <summary>
/// The real shell with SQLite stores over loopback TCP, stopped at a chosen action
/// (before or after a persist, before or after sending commitment_signed or
/// revoke_and_ack), then restarted from its store. After channel_reestablish both
/// sides agree and every transfer the applications asked for is in, exactly once.
/// </summary>
public class RunnerCrashTests
{
    public static TheoryData<bool, string, bool, int> CrashPoints()
    {
        var data = new TheoryData<bool, string, bool, int>();
        foreach (bool meter in new[] { true, false })
        {
            foreach (var kind in new[] { "persist", "commitment_signed", "revoke_and_ack" })
            {
                foreach (bool performed in new[] { false, true })
                {
                    data.Add(meter, kind, performed, 2);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public async Task A_node_stopped_at_an_action_recovers_from_its_store(bool crashMeter, string kind, bool afterPerforming, int occurrence)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = timeout.Token;
        using var pair = new ChannelPair(meterInitialMsat: 600_000_000);
        await using var meter = new LoopbackNode("meter", LoopbackChannelTests.Seed(0x42), Microchannels.Bitcoin.Crypto.Hashes.Sha256("meter node"u8));
        await using var provider = new LoopbackNode("provider", LoopbackChannelTests.Seed(0x24), Microchannels.Bitcoin.Crypto.Hashes.Sha256("provider node"u8));

        int seen = 0;
        ActionHook crash = (action, performed) =>
        {
            bool matches = performed == afterPerforming && kind switch
            {
                "persist" => action is ChannelAction.PersistState,
                "commitment_signed" => action is ChannelAction.SendMessage { Message: CommitmentSigned },
                _ => action is ChannelAction.SendMessage { Message: RevokeAndAck },
            };
            if (matches && ++seen == occurrence)
            {
                throw new SimulatedCrashException();
            }

            return ValueTask.CompletedTask;
        };

        var victim = crashMeter ? meter : provider;
        await LoopbackChannelTests.StartFreshAsync(meter, pair.Meter);
        await LoopbackChannelTests.StartFreshAsync(provider, pair.Provider);
        await victim.StopRunnerAsync();
        var key = new Microchannels.Channels.Store.ChannelKey(pair.Meter.ChannelId.AsSpan());
        await victim.RestartAsync(key, crash);
        await LoopbackNode.ConnectAsync(meter, provider, ct);

        // The applications' requests, each with its own reading.
        var requests = new List<(LoopbackNode From, MilliSatoshis Amount, SignedMeterReading Reading)>();
        for (int i = 0; i < 12; i++)
        {
            var from = i % 3 == 2 ? provider : meter;
            var request = (from, new MilliSatoshis(1_000 + (ulong)i), pair.NextReading());
            requests.Add(request);
            try
            {
                await from.Runner!.PostAsync(new ChannelInput.SendTransfer(request.Item2, request.Item3), ct);
            }
            catch (System.Threading.Channels.ChannelClosedException) when (from == victim)
            {
                // The node stopped: a stopped channel refuses input; the request is re-sent after the restart.
            }

            await Task.Delay(2, ct);
        }

        // Every chosen point is reached by this exchange: the node must have stopped there.
        var crashed = await Task.WhenAny(victim.Runner!.Completion, Task.Delay(TimeSpan.FromSeconds(10), ct)) == victim.Runner.Completion;
        Assert.True(crashed, $"the {kind} crash point was never reached");
        Assert.IsType<ChannelRunnerStoppedException>(victim.Runner.Completion.Exception?.InnerException);
        var other = victim == meter ? provider : meter;
        await WaitForDisconnectAsync(other, ct);

        // Restart from the store, reconnect, and let the application re-send what the stored state does not cover.
        await victim.RestartAsync(key);
        await LoopbackNode.ConnectAsync(meter, provider, ct);
        var stored = Commitments(victim.Runner.State);
        var covered = stored.LastLocalReading;
        foreach (var request in requests.Where(r => r.From == victim && (covered is null || r.Reading.Reading.Timestamp > covered.Value.Timestamp)))
        {
            await victim.Runner.PostAsync(new ChannelInput.SendTransfer(request.Amount, request.Reading), ct);
        }

        await LoopbackChannelTests.WaitUntilQuietAsync(meter, provider, ct);
        ulong expected = 600_000_000
            - requests.Where(r => r.From == meter).Aggregate(0UL, (s, r) => s + r.Amount.Value)
            + requests.Where(r => r.From == provider).Aggregate(0UL, (s, r) => s + r.Amount.Value);
        var meterState = Commitments(meter.Runner!.State);
        var providerState = Commitments(provider.Runner!.State);
        Assert.Equal(new MilliSatoshis(expected), meterState.LocalCommit.Spec.ToLocal);
        Assert.Equal(meterState.LocalCommit.Spec, providerState.RemoteCommit.Spec);
        Assert.Equal(providerState.LocalCommit.Spec, meterState.RemoteCommit.Spec);
        Assert.Empty(meter.Chain.Broadcast);
        Assert.Empty(provider.Chain.Broadcast);
    }

    private static Commitments Commitments(ChannelState state) => Assert.IsType<ChannelState.Normal>(state).Commitments;

    private static async Task WaitForDisconnectAsync(LoopbackNode node, CancellationToken ct)
    {
        while (node.Runner!.State is ChannelState.Normal { Connection: not ConnectionPhase.Disconnected })
        {
            await Task.Delay(5, ct);
        }
    }

    private sealed class SimulatedCrashException : Exception
    {
        public SimulatedCrashException()
            : base("simulated crash")
        {
        }
    }
}
