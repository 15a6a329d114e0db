using System.Collections.Immutable;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.StateMachine;

/// <summary>
/// BOLT 2 "Normal Operation" and "Message Retransmission" for an open channel:
/// streams transfers, signs whenever something is new and no signature awaits
/// revocation (so transfers queued meanwhile share the next commitment), and
/// reestablishes after every reconnection.
/// </summary>
internal static class NormalPhase
{
    public static ChannelStep Handle(ChannelState.Normal state, ChannelInput input, IChannelSigner signer, ReadingExpectations? readings = null)
    {
        try
        {
            return input switch
            {
                ChannelInput.Connected => Connect(state, signer),
                ChannelInput.Disconnected => Disconnect(state),
                ChannelInput.SendTransfer command => Propose(state, command, new TransferUpdate(0, command.Amount, command.Reading), signer),
                ChannelInput.UpdateFee command when !state.Commitments.Parameters.LocalIsOpener =>
                    ClosingSteps.Refuse(state, command, new FeeUpdateNotAllowedException(state.ChannelId, local: true)),
                ChannelInput.UpdateFee command => Propose(state, command, new FeeUpdate(command.Feerate), signer),
                ChannelInput.CooperativeClose command => ClosingPhase.Initiate(state, command, signer),
                ChannelInput.ForceClose command => ChannelStateMachine.FailChannel(state.Commitments, new ForceCloseRequestedException(state.ChannelId, command.Reason), signer, sendError: false),
                ChannelInput.PeerMessage { Message: var message } => Receive(state, message, signer, readings),
                ChannelInput.FundingSpent spent => OnChainPhase.FundingSpent(state, state.Commitments, spent, signer),
                _ => ChannelStep.Unchanged(state),
            };
        }
        catch (ChannelException e) when (e.FailsChannel)
        {
            // The peer broke a rule: nothing it sent is applied (state is immutable).
            return ChannelStateMachine.FailChannel(state.Commitments, e, signer, sendError: true);
        }
    }

    private static ChannelStep Connect(ChannelState.Normal state, IChannelSigner signer) =>
        new StepBuilder(state)
            .Using(state with { Connection = ConnectionPhase.AwaitingReestablish })
            .Send(state.Commitments.CreateReestablish(signer))
            .Build();

    private static ChannelStep Disconnect(ChannelState.Normal state)
    {
        var (commitments, dropped) = state.Commitments.OnDisconnect();
        return ChannelStep.Unchanged(state with
        {
            Commitments = commitments,
            Connection = ConnectionPhase.Disconnected,
            Unsent = dropped.ToImmutableList().AddRange(state.Unsent),
        });
    }

    private static ChannelStep Propose(ChannelState.Normal state, ChannelInput command, ChannelUpdate update, IChannelSigner signer)
    {
        if (state.Connection != ConnectionPhase.Connected)
        {
            return ChannelStep.Unchanged(state with { Unsent = state.Unsent.Add(update) });
        }

        var builder = new StepBuilder(state);
        if (!TryPropose(builder, update, command))
        {
            return builder.Build();
        }

        return SignIfPossible(builder, signer).Build();
    }

    private static ChannelStep Receive(ChannelState.Normal state, LightningMessage message, IChannelSigner signer, ReadingExpectations? readings)
    {
        var commitments = state.Commitments;
        if (ConnectionGate.TryHandle(state, state.Connection, commitments, message, signer, r => Reestablish(state, r, signer)) is { } gated)
        {
            return gated;
        }

        var builder = new StepBuilder(state);
        switch (message)
        {
            case UpdateTransfer transfer:
                builder.Using(state with { Commitments = commitments.ReceiveTransfer(transfer, readings) });
                break;
            case UpdateFee fee:
                builder.Using(state with { Commitments = commitments.ReceiveFee(fee, state.FeeRange) });
                break;
            case CommitmentSigned commit:
                // The new commitment and its signature are stored before the
                // revoke_and_ack that reveals the old secret (DESIGN.md decision 4).
                var completedSent = commitments.LocalChanges.Acked.OfType<TransferUpdate>().ToList();
                var (afterCommit, revocation) = commitments.ReceiveCommit(commit, signer);
                builder.Store(state with { Commitments = afterCommit })
                    .Notify(new ChannelAction.MarkRevoked(commitments.LocalCommit.Index))
                    .Send(revocation);
                Completed(builder, completedSent, []);
                SignIfPossible(builder, signer);
                break;
            case RevokeAndAck revoke:
                // The revealed secret is stored before anything else goes out.
                var completedReceived = commitments.RemoteChanges.Signed.OfType<TransferUpdate>().ToList();
                builder.Store(state with { Commitments = commitments.ReceiveRevocation(revoke) });
                Completed(builder, [], completedReceived);
                SignIfPossible(builder, signer);
                break;
            case Shutdown shutdown:
                return ClosingPhase.Receive(state, shutdown, signer);
            case ChannelReestablish:
                return ConnectionGate.Reject(state, message, "already reestablished");
            case ChannelReady when commitments.LocalCommit.Index == 0 && commitments.RemoteCommit.Index == 0:
                // A retransmission after reconnection (BOLT 2: "MUST retransmit channel_ready"
                // while both next_commitment_numbers are 1); we already have its point.
                return ChannelStep.Unchanged(state);
            default:
                return ConnectionGate.Reject(state, message, "in normal operation");
        }

        return builder.Build();
    }

    private static ChannelStep Reestablish(ChannelState.Normal state, ChannelReestablish message, IChannelSigner signer)
    {
        ReestablishResult result;
        try
        {
            result = state.Commitments.ReceiveReestablish(message, signer);
        }
        catch (RemoteHasNewerStateException e)
        {
            // We lost data. Never broadcast; ask the peer to close (BOLT 2).
            return new StepBuilder(state)
                .Store(new ChannelState.WaitingForRemoteClose(state.Commitments))
                .Send(new Error(state.ChannelId, new ByteVector(System.Text.Encoding.UTF8.GetBytes(e.Message))))
                .Notify(new ChannelAction.ChannelFailed(e))
                .Build();
        }

        var builder = new StepBuilder(state with { Commitments = result.State, Connection = ConnectionPhase.Connected, Unsent = [] });
        foreach (var retransmit in result.Retransmit)
        {
            builder.Send(retransmit);
        }

        foreach (var update in state.Unsent)
        {
            TryPropose(builder, update, command: null);
        }

        return SignIfPossible(builder, signer).Build();
    }

    /// <summary>Proposes one update; a refused local command is reported and leaves the state as it was.</summary>
    private static bool TryPropose(StepBuilder builder, ChannelUpdate update, ChannelInput? command)
    {
        var state = (ChannelState.Normal)builder.State;
        try
        {
            var (commitments, message) = update switch
            {
                TransferUpdate t => ((Commitments, LightningMessage))state.Commitments.SendTransfer(t.Amount, t.Reading),
                FeeUpdate f => state.Commitments.SendFee(f.Feerate, state.FeeRange),
                _ => throw new ArgumentException($"Unknown update {update.GetType().Name}.", nameof(update)),
            };
            builder.Using(state with { Commitments = commitments }).Send(message);
            return true;
        }
        catch (ChannelException e) when (!e.FailsChannel)
        {
            builder.Notify(new ChannelAction.CommandRejected(command ?? CommandFor(update), e));
            return false;
        }
    }

    /// <summary>The command a queued update came from, for reporting a refusal.</summary>
    private static ChannelInput CommandFor(ChannelUpdate update) => update switch
    {
        TransferUpdate t => new ChannelInput.SendTransfer(t.Amount, t.Reading),
        FeeUpdate f => new ChannelInput.UpdateFee(f.Feerate),
        _ => throw new ArgumentException($"Unknown update {update.GetType().Name}.", nameof(update)),
    };

    private static StepBuilder SignIfPossible(StepBuilder builder, IChannelSigner signer)
    {
        var state = (ChannelState.Normal)builder.State;
        if (!state.Commitments.CanSendCommit)
        {
            return builder;
        }

        // Stored before sending: after a crash we must know we signed this commitment.
        var (commitments, message) = state.Commitments.SendCommit(signer);
        return builder.Store(state with { Commitments = commitments }).Send(message);
    }

    private static void Completed(StepBuilder builder, IReadOnlyList<TransferUpdate> sent, IReadOnlyList<TransferUpdate> received)
    {
        if (sent.Count > 0 || received.Count > 0)
        {
            builder.Notify(new ChannelAction.TransfersCompleted(sent, received));
        }
    }
}
