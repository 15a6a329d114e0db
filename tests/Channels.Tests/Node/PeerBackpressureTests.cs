using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Store;
using Microchannels.Channels.Tests.Engine.OnChain;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Node;

/// <summary>
/// Issue 14 item 3: a peer that sends faster than its channel works is not read further
/// (its share of the input queue is bounded), and a channel whose events go unread stops
/// taking its peer's messages instead of growing memory.
/// </summary>
public class PeerBackpressureTests
{
    private const int Flood = 500;

    [Fact]
    public async Task A_busy_channel_stops_reading_its_peer_once_its_share_of_the_queue_is_full()
    {
        using var pair = OnChainScenario.Streamed(rounds: 1);
        var side = new OnChainSide(pair, IsMeter: false);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ActionHook hook = async (action, performed) =>
        {
            if (action is ChannelAction.CommandRejected && !performed && blocked.TrySetResult())
            {
                await gate.Task;
            }
        };
        await using var store = new InMemoryChannelStore();
        await using var runner = new ChannelRunner(side.Normal(), 0, pair.ProviderSigner, store, new InMemoryChain(), hook);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // The loop is held inside an action while the peer floods.
        await runner.PostAsync(new ChannelInput.UpdateFee(new FeeratePerKw(1_000)));
        await blocked.Task.WaitAsync(timeout.Token);
        var flood = new FloodPeer(Flood);
        await runner.AttachAsync(flood);

        await Eventually.TrueAsync(() => flood.Read == ChannelRunner.PeerInboundCapacity, "the peer's share read", timeout.Token);
        await Task.Delay(200, timeout.Token); // a window in which an unbounded reader would read on
        Assert.Equal(ChannelRunner.PeerInboundCapacity, flood.Read);

        // Once the channel works again, it reads the rest.
        gate.SetResult();
        await Eventually.TrueAsync(() => flood.Read == Flood, "the whole flood read", timeout.Token);
        Assert.IsType<ChannelState.Normal>(runner.State);
    }

    [Fact]
    public async Task A_channel_whose_events_go_unread_stops_reading_its_peer()
    {
        using var pair = OnChainScenario.Streamed(rounds: 1);
        var side = new OnChainSide(pair, IsMeter: false);
        await using var store = new InMemoryChannelStore();
        const int capacity = 4;
        await using var runner = new ChannelRunner(side.Normal(), 0, pair.ProviderSigner, store, new InMemoryChain()) { EventCapacity = capacity };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // Awaiting channel_reestablish, every other message is rejected with an event.
        var flood = new FloodPeer(Flood, rejected: true);
        await runner.AttachAsync(flood);

        // Events held, one step waiting to add its event, and the peer's share of the queue.
        int bound = capacity + 1 + ChannelRunner.PeerInboundCapacity + 1;
        await Eventually.TrueAsync(() => flood.Read >= ChannelRunner.PeerInboundCapacity, "the peer's share read", timeout.Token);
        await Task.Delay(200, timeout.Token); // a window in which an unbounded queue would fill on
        Assert.InRange(flood.Read, ChannelRunner.PeerInboundCapacity, bound);

        // Reading the events lets the flood through.
        int events = 0;
        while (flood.Read < Flood || events < Flood)
        {
            var action = await runner.Events.ReadAsync(timeout.Token);
            events += action is ChannelAction.MessageRejected ? 1 : 0;
        }

        Assert.Equal(Flood, events);
    }

    /// <summary>A peer with <c>count</c> messages ready at once, then silence; counts the reads.</summary>
    private sealed class FloodPeer(int count, bool rejected = false) : IPeerConnection
    {
        private int _read;

        public int Read => Volatile.Read(ref _read);

        public ValueTask SendAsync(LightningMessage message, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public async ValueTask<LightningMessage?> ReceiveAsync(CancellationToken cancellationToken)
        {
            if (Volatile.Read(ref _read) >= count)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            int n = Interlocked.Increment(ref _read);
            byte[] id = new byte[32];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(id, n);

            // An error about another channel is ignored (BOLT 1); a warning while awaiting
            // channel_reestablish is rejected with an event.
            return rejected
                ? new Warning(new ChannelId(id), new ByteVector("flood"u8.ToArray()))
                : new Error(new ChannelId(id), new ByteVector("flood"u8.ToArray()));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
