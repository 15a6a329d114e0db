using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.Closing.Errors;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.StateMachine;

/// <summary>
/// BOLT 2 "Closing Initiation: shutdown" in the state machine: entering from normal
/// operation (our <see cref="ChannelInput.CooperativeClose"/> or the peer's <c>shutdown</c>),
/// then completing the exchange in flight. After every step (see
/// <see cref="Closing.ShuttingDown"/> remarks): sign what is pending, send our deferred
/// <c>shutdown</c>, and, once quiet, the funder starts negotiating. Every state is stored
/// before the message that depends on it.
/// </summary>
internal static class ClosingPhase
{
    /// <summary>Normal + <see cref="ChannelInput.CooperativeClose"/>: sign first if we can, then <c>shutdown</c>.</summary>
    public static ChannelStep Initiate(ChannelState.Normal state, ChannelInput.CooperativeClose command, IChannelSigner signer)
    {
        if (state.Connection != ConnectionPhase.Connected)
        {
            // BOLT 2 sends shutdown over a live connection; the application asks again once connected.
            return ClosingSteps.Refuse(state, command, new UnexpectedMessageException(state.ChannelId, nameof(ChannelInput.CooperativeClose), "not connected"));
        }

        var builder = new StepBuilder(state);
        var commitments = state.Commitments;
        if (commitments.CanSendCommit)
        {
            var (signed, commit) = commitments.SendCommit(signer);
            builder.Store(state with { Commitments = signed }).Send(commit);
            commitments = signed;
        }

        var script = command.LocalScript is { } given ? new ByteVector(given.AsSpan()) : ClosingSteps.DefaultLocalScript(signer);
        try
        {
            if (commitments.LocalChanges.Proposed.IsEmpty && commitments.RemoteChanges.Acked.IsEmpty)
            {
                var (initiated, shutdown) = Closing.ShuttingDown.Initiate(commitments, script, ShutdownTerms.Default);
                builder.Store(new ChannelState.ShuttingDown(initiated, command.Feerates, ConnectionPhase.Connected, state.FeeRange)).Send(shutdown);
                return builder.Build();
            }

            // A commitment is in flight and updates wait to be signed after its revocation:
            // BOLT 2 "MUST NOT send a shutdown" yet; it goes out once they are signed.
            var deferred = Deferred(commitments, script, ShutdownTerms.Default);
            builder.Store(new ChannelState.ShuttingDown(deferred, command.Feerates, ConnectionPhase.Connected, state.FeeRange));
            return Progress(builder, signer).Build();
        }
        catch (ChannelException e) when (!e.FailsChannel)
        {
            // Our script is refused: the channel stays open (what was signed above stays stored).
            return builder.Notify(new ChannelAction.CommandRejected(command, e)).Build();
        }
    }

    /// <summary>Normal + the peer's <c>shutdown</c>: reply now, or once our pending updates are signed.</summary>
    public static ChannelStep Receive(ChannelState.Normal state, Shutdown message, IChannelSigner signer)
    {
        Closing.ShuttingDown shuttingDown;
        Shutdown? reply;
        try
        {
            (shuttingDown, reply) = Closing.ShuttingDown.Receive(state.Commitments, message, ClosingSteps.DefaultLocalScript(signer), ShutdownTerms.Default);
        }
        catch (ChannelException e) when (!e.FailsChannel)
        {
            // BOLT 2: an unacceptable script gets a warning; the channel stays open.
            return ConnectionGate.Reject(state, message, e);
        }

        var builder = new StepBuilder(state).Store(new ChannelState.ShuttingDown(shuttingDown, ClosingSteps.DefaultFeerates(state.Commitments), ConnectionPhase.Connected, state.FeeRange));
        if (reply is not null)
        {
            builder.Send(reply);
        }

        return Progress(builder, signer).Build();
    }

    public static ChannelStep Handle(ChannelState.ShuttingDown state, ChannelInput input, IChannelSigner signer, ReadingExpectations? readings = null)
    {
        try
        {
            return input switch
            {
                ChannelInput.Connected => ClosingReconnection.Connect(state, state.Shutdown.Commitments, state with { Connection = ConnectionPhase.AwaitingReestablish }, signer),
                ChannelInput.Disconnected => ClosingReconnection.Disconnect(state),
                ChannelInput.SendTransfer or ChannelInput.UpdateFee or ChannelInput.CooperativeClose => ClosingSteps.RefuseCommand(state, input),
                ChannelInput.ForceClose command => ChannelStateMachine.FailChannel(state.Shutdown.Commitments, new ForceCloseRequestedException(state.ChannelId, command.Reason), signer, sendError: false),
                ChannelInput.PeerMessage { Message: var message } => Receive(state, message, signer, readings),
                ChannelInput.FundingSpent spent => OnChainPhase.FundingSpent(state, state.Shutdown.Commitments, spent, signer),
                _ => ChannelStep.Unchanged(state),
            };
        }
        catch (ChannelException e) when (e.FailsChannel)
        {
            return ChannelStateMachine.FailChannel(state.Shutdown.Commitments, e, signer, sendError: true);
        }
        catch (ChannelException e)
        {
            return ClosingSteps.Refuse(state, input, e);
        }
    }

    /// <summary>
    /// After every step while shutting down and connected: sign what waits (stored before
    /// sending), send our deferred <c>shutdown</c>, and the funder opens the negotiation
    /// (BOLT 2: "The funding node: after shutdown has been received, AND no HTLCs remain ...
    /// SHOULD send a closing_signed message"). The other side waits for that message.
    /// </summary>
    public static StepBuilder Progress(StepBuilder builder, IChannelSigner signer)
    {
        var state = (ChannelState.ShuttingDown)builder.State;
        if (state.Connection != ConnectionPhase.Connected)
        {
            return builder;
        }

        if (state.Shutdown.Commitments.CanSendCommit)
        {
            var (signed, commit) = state.Shutdown.SendCommit(signer);
            state = state with { Shutdown = signed };
            builder.Store(state).Send(commit);
        }

        if (state.Shutdown.CanSendShutdown)
        {
            var (sent, shutdown) = state.Shutdown.SendShutdown();
            state = state with { Shutdown = sent };
            builder.Store(state).Send(shutdown);
        }

        if (state.Shutdown.ReadyToNegotiate && state.Shutdown.Commitments.Parameters.LocalIsOpener)
        {
            var (negotiating, first) = state.Shutdown.StartNegotiating(signer, state.Feerates);
            builder.Store(new ChannelState.Negotiating(negotiating, state.Feerates, ConnectionPhase.Connected));
            if (first is not null)
            {
                builder.Send(first);
            }
        }

        return builder;
    }

    private static ChannelStep Receive(ChannelState.ShuttingDown state, LightningMessage message, IChannelSigner signer, ReadingExpectations? readings)
    {
        var shuttingDown = state.Shutdown;
        if (ConnectionGate.TryHandle(state, state.Connection, shuttingDown.Commitments, message, signer, r => ClosingReconnection.Reestablish(state, r, signer)) is { } gated)
        {
            return gated;
        }

        var builder = new StepBuilder(state);
        switch (message)
        {
            case UpdateTransfer transfer:
                builder.Using(state with { Shutdown = shuttingDown.ReceiveTransfer(transfer, readings) });
                break;
            case UpdateFee fee:
                builder.Using(state with { Shutdown = shuttingDown.ReceiveFee(fee, state.FeeRange) });
                break;
            case CommitmentSigned commit:
                // Stored before the revoke_and_ack that reveals the old secret (DESIGN.md decision 4).
                var completedSent = shuttingDown.Commitments.LocalChanges.Acked.OfType<TransferUpdate>().ToList();
                var (afterCommit, revocation) = shuttingDown.ReceiveCommit(commit, signer);
                builder.Store(state with { Shutdown = afterCommit })
                    .Notify(new ChannelAction.MarkRevoked(shuttingDown.Commitments.LocalCommit.Index))
                    .Send(revocation);
                ClosingSteps.Completed(builder, completedSent, []);
                break;
            case RevokeAndAck revoke:
                var completedReceived = shuttingDown.Commitments.RemoteChanges.Signed.OfType<TransferUpdate>().ToList();
                builder.Store(state with { Shutdown = shuttingDown.ReceiveRevocation(revoke) });
                ClosingSteps.Completed(builder, [], completedReceived);
                break;
            case Shutdown shutdown:
                var (received, reply) = shuttingDown.ReceiveShutdown(shutdown);
                if (received != shuttingDown)
                {
                    builder.Store(state with { Shutdown = received });
                }

                if (reply is not null)
                {
                    builder.Send(reply);
                }

                break;
            case ClosingSigned closingSigned when !shuttingDown.Commitments.Parameters.LocalIsOpener:
                return ClosingSteps.Finish(builder, shuttingDown.ReceiveClosingSigned(closingSigned, signer, state.Feerates), state.Feerates).Build();
            case ClosingSigned:
                // The funder opens the negotiation itself; the peer's closing_signed cannot come first.
                throw new UnexpectedClosingSignedException(state.ChannelId, afterAgreement: false);
            default:
                return ConnectionGate.Reject(state, message, "shutting down");
        }

        return Progress(builder, signer).Build();
    }

    /// <summary>
    /// Our <c>shutdown</c> decided but held back while updates wait to be signed: the same
    /// checks as <see cref="Closing.ShuttingDown.Initiate"/> on our script (BOLT 2 "shutdown").
    /// </summary>
    private static Closing.ShuttingDown Deferred(Commitments commitments, ByteVector localScript, ShutdownTerms terms)
    {
        ShutdownRules.Validate(commitments.ChannelId, localScript.Span, terms, local: true);
        if (terms.LocalUpfrontScript is { IsEmpty: false } upfront && upfront != localScript)
        {
            throw new UpfrontShutdownScriptMismatchException(commitments.ChannelId, upfront, localScript, local: true);
        }

        return new Closing.ShuttingDown(commitments, terms, localScript, LocalShutdownSent: false, RemoteScript: null);
    }
}
