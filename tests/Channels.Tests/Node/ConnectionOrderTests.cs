using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Store;
using Microchannels.Channels.Tests.Engine;
using Microchannels.Channels.Tests.Engine.OnChain;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Node;

/// <summary>
/// Issue 14 item 4: a connection that dies at once must not leave its channel waiting for a
/// <c>channel_reestablish</c> over no connection, and a channel that waits past a timeout says so.
/// </summary>
public class ConnectionOrderTests
{
    [Fact]
    public async Task A_connection_that_dies_before_the_channel_hears_it_is_up_leaves_the_channel_disconnected()
    {
        using var pair = OnChainScenario.Streamed(rounds: 1);
        var side = new OnChainSide(pair, IsMeter: false);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int rejections = 0;
        ActionHook hook = async (action, performed) =>
        {
            if (action is ChannelAction.CommandRejected && !performed && Interlocked.Increment(ref rejections) == 1)
            {
                blocked.TrySetResult();
                await gate.Task;
            }
        };
        await using var store = new InMemoryChannelStore();
        await using var runner = new ChannelRunner(side.Normal(), 0, pair.ProviderSigner, store, new InMemoryChain(), hook);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        // The loop is busy (held inside an action) while a connection attaches and dies at once:
        // its Connected waits in the queue, its Disconnected is raised by the receive path.
        await runner.PostAsync(new ChannelInput.UpdateFee(new FeeratePerKw(1_000)));
        await blocked.Task.WaitAsync(timeout.Token);
        var dying = new DyingPeer();
        await runner.AttachAsync(dying);
        await dying.Disposed.Task.WaitAsync(timeout.Token);
        gate.SetResult();

        // A probe behind them: once it is answered, both were handled.
        await runner.PostAsync(new ChannelInput.UpdateFee(new FeeratePerKw(1_000)));
        await Eventually.EventAsync<ChannelAction.CommandRejected>(runner, timeout.Token);
        await Eventually.EventAsync<ChannelAction.CommandRejected>(runner, timeout.Token);

        var normal = Assert.IsType<ChannelState.Normal>(runner.State);
        Assert.Equal(ConnectionPhase.Disconnected, normal.Connection);
        Assert.Empty(dying.Sent);
    }

    [Fact]
    public async Task A_channel_waiting_for_reestablish_past_the_timeout_raises_an_event()
    {
        await using var waiting = await ReestablishWait.AttachAsync();
        var (clock, runner) = (waiting.Clock, waiting.Runner);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.IsType<ChannelAction.PeerConnected>(await NextAsync(runner, timeout.Token));
        await Eventually.TrueAsync(() => runner.State.IsAwaitingReestablish, "awaiting reestablish", timeout.Token);

        clock.Advance(TimeSpan.FromSeconds(29));
        await runner.PostAsync(new ChannelInput.UpdateFee(new FeeratePerKw(1_000)));
        Assert.IsType<ChannelAction.CommandRejected>(await NextAsync(runner, timeout.Token));

        clock.Advance(TimeSpan.FromSeconds(1));
        var overdue = Assert.IsType<ChannelAction.ReestablishOverdue>(await NextAsync(runner, timeout.Token));
        Assert.Equal(runner.State.ChannelId, overdue.ChannelId);
        Assert.Equal(TimeSpan.FromSeconds(30), overdue.Waited);
    }

    [Fact]
    public async Task A_reestablished_channel_raises_no_overdue_event()
    {
        await using var waiting = await ReestablishWait.AttachAsync();
        var (pair, clock, runner, peer) = (waiting.Pair, waiting.Clock, waiting.Runner, waiting.Peer);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.IsType<ChannelAction.PeerConnected>(await NextAsync(runner, timeout.Token));
        peer.Deliver(pair.Meter.CreateReestablish(pair.MeterSigner));
        await Eventually.TrueAsync(() => runner.State is ChannelState.Normal { Connection: ConnectionPhase.Connected }, "reestablished", timeout.Token);

        clock.Advance(TimeSpan.FromMinutes(5));
        await runner.PostAsync(new ChannelInput.UpdateFee(new FeeratePerKw(1_000)));
        Assert.IsType<ChannelAction.CommandRejected>(await NextAsync(runner, timeout.Token));
    }

    private static async Task<ChannelAction> NextAsync(ChannelRunner runner, CancellationToken ct) => await runner.Events.ReadAsync(ct);

    /// <summary>
    /// The provider's channel on a manual clock with a 30 s reestablish timeout, and a
    /// connection just attached that says nothing unless the test delivers a message.
    /// </summary>
    private sealed class ReestablishWait : IAsyncDisposable
    {
        private readonly InMemoryChannelStore _store = new();

        private ReestablishWait(ChannelPair pair)
        {
            Pair = pair;
            var side = new OnChainSide(pair, IsMeter: false);
            Runner = new ChannelRunner(side.Normal(), 0, pair.ProviderSigner, _store, new InMemoryChain(), timeProvider: Clock, reestablishTimeout: TimeSpan.FromSeconds(30));
        }

        public ChannelPair Pair { get; }

        public ManualTimeProvider Clock { get; } = new();

        public ChannelRunner Runner { get; }

        public QueuePeer Peer { get; } = new();

        public static async Task<ReestablishWait> AttachAsync()
        {
            var pair = OnChainScenario.Streamed(rounds: 1);
            ReestablishWait waiting;
            try
            {
                waiting = new ReestablishWait(pair);
            }
            catch
            {
                pair.Dispose();
                throw;
            }

            try
            {
                await waiting.Runner.AttachAsync(waiting.Peer);
                return waiting;
            }
            catch
            {
                await waiting.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Runner.DisposeAsync();
            await _store.DisposeAsync();
            Pair.Dispose();
        }
    }

    /// <summary>A connection whose peer hangs up at once.</summary>
    private sealed class DyingPeer : IPeerConnection
    {
        public TaskCompletionSource Disposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public System.Collections.Concurrent.ConcurrentQueue<LightningMessage> Sent { get; } = new();

        public ValueTask SendAsync(LightningMessage message, CancellationToken cancellationToken)
        {
            Sent.Enqueue(message);
            return ValueTask.CompletedTask;
        }

        public ValueTask<LightningMessage?> ReceiveAsync(CancellationToken cancellationToken) => ValueTask.FromResult<LightningMessage?>(null);

        public ValueTask DisposeAsync()
        {
            Disposed.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }
}
