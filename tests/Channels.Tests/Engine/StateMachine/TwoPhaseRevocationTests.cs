using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Tests.Engine.OnChain;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.StateMachine;

/// <summary>
/// Issue 14 item 5: revocation is two-phase. Handling <c>commitment_signed</c> reads the old
/// secret; the signer marks the old commitment revoked only once the store has the new state
/// (<see cref="ChannelAction.MarkRevoked"/> after <see cref="ChannelAction.PersistState"/>), and
/// the secret leaves only after that. A crash before the store therefore leaves a signer that
/// still signs the commitment the store holds, so the channel can still be force-closed.
/// </summary>
public class TwoPhaseRevocationTests
{
    [Fact]
    public void The_signer_marks_the_old_commitment_revoked_only_after_the_new_state_is_stored()
    {
        using var pair = OnChainScenario.Streamed(rounds: 2);
        var provider = new ChannelState.Normal(pair.Provider, ConnectionPhase.Connected, []);
        ulong old = pair.Provider.LocalCommit.Index;
        pair.MeterPays(1_000_000);
        Assert.True(pair.MeterSigns());
        var transfer = pair.TakeToProvider();
        var commit = pair.TakeToProvider();
        var afterTransfer = ChannelStateMachine.Process(provider, new ChannelInput.PeerMessage(transfer), pair.ProviderSigner).State;

        var step = ChannelStateMachine.Process(afterTransfer, new ChannelInput.PeerMessage(commit), pair.ProviderSigner);

        // Order: store the new commitment, then mark the old one revoked, then reveal its secret.
        int stored = step.Actions.ToList().FindIndex(a => a is ChannelAction.PersistState);
        int marked = step.Actions.ToList().FindIndex(a => a is ChannelAction.MarkRevoked);
        int revealed = step.Actions.ToList().FindIndex(a => a is ChannelAction.SendMessage { Message: RevokeAndAck });
        Assert.True(stored >= 0 && stored < marked && marked < revealed, string.Join(", ", step.Actions.Select(a => a.GetType().Name)));
        Assert.Equal(old, ((ChannelAction.MarkRevoked)step.Actions[marked]).CommitmentNumber);

        // Processing alone (nothing performed: a crash before the store) revoked nothing: the
        // stored commitment can still be signed and broadcast.
        var forceClose = ChannelStateMachine.Process(afterTransfer, new ChannelInput.ForceClose("crash before the store"), pair.ProviderSigner);
        Assert.IsType<ChannelState.ForceClosing>(forceClose.State);
        Assert.Contains(forceClose.Actions, a => a is ChannelAction.BroadcastTransaction);
    }
}
