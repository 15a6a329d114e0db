using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.StateMachine;

/// <summary>
/// BOLT 2 "Legacy Closing Negotiation: closing_signed" in the state machine: each
/// <c>closing_signed</c> is weighed by <see cref="Closing.Negotiating"/>; the outcome is
/// stored, then the reply sent, then, once agreed, the closing transaction broadcast and
/// the channel is in <see cref="ChannelState.MutualClose"/>.
/// </summary>
internal static class NegotiatingPhase
{
    public static ChannelStep Handle(ChannelState.Negotiating state, ChannelInput input, IChannelSigner signer)
    {
        var commitments = state.Negotiation.Commitments;
        try
        {
            return input switch
            {
                ChannelInput.Connected => ClosingReconnection.Connect(state, commitments, state with { Connection = ConnectionPhase.AwaitingReestablish }, signer),
                ChannelInput.Disconnected => ChannelStep.Unchanged(state with { Connection = ConnectionPhase.Disconnected }),
                ChannelInput.SendTransfer or ChannelInput.UpdateFee or ChannelInput.CooperativeClose => ClosingSteps.RefuseCommand(state, input),
                ChannelInput.ForceClose command => ChannelStateMachine.FailChannel(commitments, new ForceCloseRequestedException(state.ChannelId, command.Reason), signer, sendError: false),
                ChannelInput.PeerMessage { Message: var message } => Receive(state, message, signer),
                ChannelInput.FundingSpent spent when IsOurClosing(state.Negotiation, spent.Transaction) => ClosedOnChain(state, spent.Transaction),
                ChannelInput.FundingSpent spent => OnChainPhase.FundingSpent(state, commitments, spent, signer),
                _ => ChannelStep.Unchanged(state),
            };
        }
        catch (ChannelException e) when (e.FailsChannel)
        {
            return ChannelStateMachine.FailChannel(commitments, e, signer, sendError: true);
        }
        catch (ChannelException e)
        {
            return ClosingSteps.Refuse(state, input, e);
        }
    }

    /// <summary>
    /// The peer agreed and broadcast, but its last <c>closing_signed</c> was lost with the
    /// connection (it is in its terminal state and answers nothing). The funding output
    /// needs our signature, so a spend paying only the two shutdown scripts is a closing
    /// transaction we proposed: the close is mutual and already on chain.
    /// </summary>
    private static bool IsOurClosing(Closing.Negotiating negotiation, Bitcoin.Transactions.Transaction transaction) =>
        transaction.LockTime == 0 // BOLT 3 "Legacy Closing Transaction"; a commitment's carries 0x20 in its upper byte
        && transaction.Inputs.Length == 1
        && transaction.Inputs[0].PrevOut == negotiation.Commitments.Parameters.FundingOutPoint
        && !transaction.Outputs.IsEmpty
        && transaction.Outputs.All(o => o.ScriptPubKey == negotiation.LocalScript || o.ScriptPubKey == negotiation.RemoteScript);

    private static ChannelStep ClosedOnChain(ChannelState.Negotiating state, Bitcoin.Transactions.Transaction transaction) =>
        new StepBuilder(state).Store(new ChannelState.MutualClose(state.Negotiation.Commitments, transaction)).Build();

    private static ChannelStep Receive(ChannelState.Negotiating state, LightningMessage message, IChannelSigner signer)
    {
        var negotiation = state.Negotiation;
        if (ConnectionGate.TryHandle(state, state.Connection, negotiation.Commitments, message, signer, r => ClosingReconnection.Reestablish(state, r, signer)) is { } gated)
        {
            return gated;
        }

        return message switch
        {
            ClosingSigned closingSigned => ClosingSteps.Finish(new StepBuilder(state), negotiation.ReceiveClosingSigned(closingSigned, signer), state.Feerates).Build(),

            // The peer's shutdown again (retransmitted after a reconnection): nothing new.
            Shutdown shutdown when shutdown.ScriptPubkey.Span.SequenceEqual(negotiation.RemoteScript.AsSpan()) => ChannelStep.Unchanged(state),
            Shutdown shutdown => throw new Closing.Errors.ShutdownScriptChangedException(state.ChannelId, new ByteVector(negotiation.RemoteScript.AsSpan()), shutdown.ScriptPubkey),
            _ => ConnectionGate.Reject(state, message, "negotiating the closing fee"),
        };
    }
}
