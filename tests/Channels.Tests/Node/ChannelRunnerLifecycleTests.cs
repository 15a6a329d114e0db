using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Store;
using Microchannels.Channels.Tests.Engine;

namespace Microchannels.Channels.Tests.Node;

public class ChannelRunnerLifecycleTests
{
    [Fact]
    public async Task Disposing_a_runner_ends_its_event_stream()
    {
        using var pair = new ChannelPair();
        using var signer = new InMemoryChannelSigner(ChannelSecrets.FromSeed(LoopbackChannelTests.Seed(0x42)));
        await using var store = new InMemoryChannelStore();
        var runner = new ChannelRunner(new ChannelState.Normal(pair.Meter, ConnectionPhase.Disconnected, []), 0, signer, store, new InMemoryChain());
        var reader = Task.Run(async () =>
        {
            await foreach (var unused in runner.Events.ReadAllAsync())
            {
            }
        });

        // A transfer while disconnected is queued, not sent; nothing fails.
        await runner.PostAsync(new ChannelInput.SendTransfer(new MilliSatoshis(1_000), pair.NextReading()));
        await runner.DisposeAsync();
        await reader.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(runner.Completion.IsCompleted);
    }

    [Fact]
    public async Task A_failing_store_stops_the_runner_before_anything_is_sent()
    {
        using var pair = new ChannelPair();
        using var signer = new InMemoryChannelSigner(ChannelSecrets.FromSeed(LoopbackChannelTests.Seed(0x42)));
        var peer = new RecordingPeer();
        await using var store = new FailingStore();
        await using var runner = new ChannelRunner(new ChannelState.Normal(pair.Meter, ConnectionPhase.Disconnected, []), 0, signer, store, new InMemoryChain());
        await runner.AttachAsync(peer);
        await runner.PostAsync(new ChannelInput.PeerMessage(pair.Provider.CreateReestablish(pair.ProviderSigner)));
        await runner.PostAsync(new ChannelInput.SendTransfer(new MilliSatoshis(1_000), pair.NextReading()));

        var stopped = await Assert.ThrowsAsync<ChannelRunnerStoppedException>(() => runner.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.IsType<IOException>(stopped.InnerException);

        // channel_reestablish and update_transfer went out; commitment_signed, whose state
        // could not be stored, did not.
        Assert.DoesNotContain(peer.Sent, m => m is Microchannels.Channels.Wire.CommitmentSigned);
        Assert.Contains(peer.Sent, m => m is Microchannels.Channels.Wire.UpdateTransfer);
    }

    [Fact]
    public async Task A_stopped_runner_refuses_input_instead_of_letting_callers_wait_forever()
    {
        using var pair = new ChannelPair();
        using var signer = new InMemoryChannelSigner(ChannelSecrets.FromSeed(LoopbackChannelTests.Seed(0x42)));
        await using var store = new FailingStore();
        await using var runner = new ChannelRunner(new ChannelState.Normal(pair.Meter, ConnectionPhase.Disconnected, []), 0, signer, store, new InMemoryChain());
        await runner.PostAsync(new ChannelInput.ForceClose("test"));
        await Assert.ThrowsAsync<ChannelRunnerStoppedException>(() => runner.Completion.WaitAsync(TimeSpan.FromSeconds(10)));

        // More than the queue holds: each post fails at once.
        for (int i = 0; i < 5_000; i++)
        {
            await Assert.ThrowsAsync<System.Threading.Channels.ChannelClosedException>(async () => await runner.PostAsync(new ChannelInput.Disconnected()));
        }
    }

    [Fact]
    public async Task A_refused_broadcast_is_reported_and_the_channel_goes_on_broadcasting_at_each_funding_depth()
    {
        // BOLT 5: a channel that stopped at a refused broadcast would never see, nor punish, a revoked commitment.
        using var pair = new ChannelPair();
        using var signer = new InMemoryChannelSigner(ChannelSecrets.FromSeed(LoopbackChannelTests.Seed(0x42)));
        await using var store = new InMemoryChannelStore();
        var chain = new RefusingChain();
        await using var runner = new ChannelRunner(new ChannelState.Normal(pair.Meter, ConnectionPhase.Disconnected, []), 0, signer, store, chain);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await runner.PostAsync(new ChannelInput.ForceClose("test"));
        var failed = await Eventually.EventAsync<ChannelAction.BroadcastFailed>(runner, timeout.Token);
        Assert.Contains("txn-mempool-conflict", failed.Error, StringComparison.Ordinal);
        var closing = Assert.IsType<ChannelState.ForceClosing>(runner.State);
        Assert.Equal(closing.Commitment, failed.Transaction);

        await runner.PostAsync(new ChannelInput.FundingConfirmed(new Microchannels.Bitcoin.Transactions.Transaction(2, [], [], 0), 7));
        await Eventually.EventAsync<ChannelAction.BroadcastFailed>(runner, timeout.Token);
        Assert.Equal(2, chain.Attempts);
        Assert.False(runner.Completion.IsCompleted);
    }

    private sealed class RefusingChain : Microchannels.Bitcoin.Chain.ITransactionBroadcaster
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public Task BroadcastAsync(Microchannels.Bitcoin.Transactions.Transaction transaction, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            throw new InvalidOperationException("bitcoind refused it: txn-mempool-conflict");
        }
    }

    private sealed class FailingStore : IChannelStore
    {
        public ValueTask SaveAsync(ChannelRecord record, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(new IOException("disk full"));

        public ValueTask<ChannelRecord?> LoadAsync(ChannelKey id, CancellationToken cancellationToken = default) => ValueTask.FromResult<ChannelRecord?>(null);

        public async IAsyncEnumerable<ChannelRecord> LoadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            yield break;
        }

        public ValueTask DeleteAsync(ChannelKey id, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class RecordingPeer : IPeerConnection
    {
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public System.Collections.Concurrent.ConcurrentQueue<Microchannels.Channels.Wire.LightningMessage> Sent { get; } = new();

        public ValueTask SendAsync(Microchannels.Channels.Wire.LightningMessage message, CancellationToken cancellationToken)
        {
            Sent.Enqueue(message);
            return ValueTask.CompletedTask;
        }

        public async ValueTask<Microchannels.Channels.Wire.LightningMessage?> ReceiveAsync(CancellationToken cancellationToken)
        {
            await _closed.Task.WaitAsync(cancellationToken);
            return null;
        }

        public ValueTask DisposeAsync()
        {
            _closed.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }
}
