using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Engine.OnChain;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Store;
using Microchannels.Channels.Tests.Engine;
using Microchannels.Channels.Tests.Engine.OnChain;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Node;

/// <summary>
/// Issue 14 item 2: nothing local stops a channel from watching the chain. A refused
/// command, a signer that fails, a fault while handling the peer: the runner reports it
/// and still answers a revoked commitment with a penalty.
/// </summary>
public class RunnerSurvivesFaultsTests
{
    [Fact]
    public async Task Refused_commands_and_engine_faults_leave_the_runner_watching_and_it_punishes_a_revoked_commitment()
    {
        await using var watched = RevokedChannel.Start();
        var (pair, revoked, signer, chain, runner) = (watched.Pair, watched.Revoked, watched.Signer, watched.Chain, watched.Runner);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        // The provider did not open the channel: update_fee is refused, typed, and the channel stays.
        await runner.PostAsync(new ChannelInput.UpdateFee(new FeeratePerKw(5_000)));
        var refused = await Eventually.EventAsync<ChannelAction.CommandRejected>(runner, timeout.Token);
        Assert.IsType<FeeUpdateNotAllowedException>(refused.Reason);
        await runner.PostAsync(new ChannelInput.CooperativeClose(null, ClosingFeerates.Around(new FeeratePerKw(500))));
        Assert.IsType<UnexpectedMessageException>((await Eventually.EventAsync<ChannelAction.CommandRejected>(runner, timeout.Token)).Reason);

        // The signer fails while the chain reports the spend: reported, nothing changes, the runner goes on.
        signer.Down = true;
        await runner.PostAsync(new ChannelInput.FundingSpent(revoked));
        var fault = await Eventually.EventAsync<ChannelAction.EngineFailed>(runner, timeout.Token);
        Assert.IsType<TimeoutException>(fault.Reason.InnerException);
        Assert.IsType<ChannelState.Normal>(runner.State);

        // A local command while the signer fails: refused with the fault as its reason.
        await runner.PostAsync(new ChannelInput.ForceClose("operator"));
        Assert.IsType<EngineFaultException>((await Eventually.EventAsync<ChannelAction.CommandRejected>(runner, timeout.Token)).Reason);

        // The chain reports the spend again at the next block, the signer is back: penalty.
        signer.Down = false;
        await runner.PostAsync(new ChannelInput.FundingSpent(revoked));
        var closed = await Eventually.EventAsync<ChannelAction.ClosedOnChain>(runner, timeout.Token);
        Assert.Equal(FundingSpendKind.RevokedRemoteCommitment, closed.Kind);
        var penalty = ((ChannelState.ClosingOnChain)runner.State).Close.Claim!;
        await Eventually.TrueAsync(() => chain.Broadcast.Contains(penalty), "the penalty broadcast", timeout.Token);
        Assert.All(penalty.Inputs, i => Assert.Equal(revoked.GetTxId(), i.PrevOut.TxId));

        // Closing on chain: every local command is refused, and the runner is still running.
        foreach (var command in new ChannelInput[]
        {
            new ChannelInput.SendTransfer(new MilliSatoshis(1_000), pair.NextReading()),
            new ChannelInput.UpdateFee(new FeeratePerKw(1_000)),
            new ChannelInput.CooperativeClose(null, ClosingFeerates.Around(new FeeratePerKw(500))),
            new ChannelInput.ForceClose("operator"),
        })
        {
            await runner.PostAsync(command);
            Assert.Same(command, (await Eventually.EventAsync<ChannelAction.CommandRejected>(runner, timeout.Token)).Command);
        }

        Assert.False(runner.Completion.IsCompleted);
    }

    [Fact]
    public async Task A_fault_while_handling_the_peer_force_closes_and_the_channel_still_punishes_a_revoked_commitment()
    {
        await using var watched = RevokedChannel.Start();
        var (pair, revoked, signer, chain, runner) = (watched.Pair, watched.Revoked, watched.Signer, watched.Chain, watched.Runner);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var peer = new QueuePeer();
        await runner.AttachAsync(peer);
        peer.Deliver(pair.Meter.CreateReestablish(pair.MeterSigner));
        await Eventually.TrueAsync(() => runner.State is ChannelState.Normal { Connection: ConnectionPhase.Connected }, "reestablished", timeout.Token);

        // The meter pays and signs; our signer fails while we handle its commitment_signed.
        pair.MeterPays(1_000_000);
        Assert.True(pair.MeterSigns());
        signer.Failing = true;
        peer.Deliver(pair.TakeToProvider());
        peer.Deliver(pair.TakeToProvider());

        var fault = await Eventually.EventAsync<ChannelAction.EngineFailed>(runner, timeout.Token);
        Assert.Equal(nameof(CommitmentSigned), fault.Reason.InputName);
        var forceClosing = await Eventually.ValueAsync(() => runner.State as ChannelState.ForceClosing, "the force close", timeout.Token);
        await Eventually.TrueAsync(() => chain.Broadcast.Contains(forceClosing.Commitment), "our commitment broadcast", timeout.Token);

        signer.Failing = false;
        await runner.PostAsync(new ChannelInput.FundingSpent(revoked));
        var closed = await Eventually.EventAsync<ChannelAction.ClosedOnChain>(runner, timeout.Token);
        Assert.Equal(FundingSpendKind.RevokedRemoteCommitment, closed.Kind);
        Assert.False(runner.Completion.IsCompleted);
    }

    /// <summary>
    /// The provider's channel after the meter paid past a commitment it has since revoked,
    /// run on a signer that fails on demand.
    /// </summary>
    private sealed class RevokedChannel : IAsyncDisposable
    {
        private readonly InMemoryChannelStore _store = new();

        private RevokedChannel(ChannelPair pair)
        {
            Pair = pair;
            var side = new OnChainSide(pair, IsMeter: false);
            Revoked = side.PeerCommitment();
            pair.MeterPays(7_000_000);
            pair.Settle();

            Signer = new FaultySigner(pair.ProviderSigner);
            Runner = new ChannelRunner(side.Normal(), 0, Signer, _store, Chain);
        }

        public ChannelPair Pair { get; }

        /// <summary>The meter's commitment from before its payment, revoked since.</summary>
        public Transaction Revoked { get; }

        public FaultySigner Signer { get; }

        public InMemoryChain Chain { get; } = new();

        public ChannelRunner Runner { get; }

        public static RevokedChannel Start()
        {
            var pair = OnChainScenario.Streamed();
            try
            {
                return new RevokedChannel(pair);
            }
            catch
            {
                pair.Dispose();
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
}
