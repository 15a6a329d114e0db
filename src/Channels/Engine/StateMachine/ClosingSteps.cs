using Microchannels.Bitcoin.Scripts;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.Closing.Errors;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.StateMachine;

/// <summary>Steps shared by <see cref="ClosingPhase"/> and <see cref="NegotiatingPhase"/>.</summary>
internal static class ClosingSteps
{
    /// <summary>
    /// The script we close to when none is given: P2WPKH of our <c>payment_basepoint</c>
    /// (BOLT 2 "shutdown": P2WPKH is always an allowed form). The signer holds its secret.
    /// </summary>
    public static ByteVector DefaultLocalScript(IChannelSigner signer) =>
        new(StandardScripts.PayToWitnessPubKeyHashFromPublicKey(signer.Basepoints.PaymentBasepoint.AsSpan()).AsSpan());

    /// <summary>
    /// Feerates when the peer started closing and we were given none: a range around the
    /// channel's current commitment feerate, the latest on-chain estimate both sides agreed.
    /// </summary>
    public static ClosingFeerates DefaultFeerates(Commitments commitments) =>
        ClosingFeerates.Around(commitments.LocalCommit.Spec.Feerate);

    /// <summary>
    /// The outcome of a received <c>closing_signed</c>: store (the agreed close, or the
    /// negotiation so far), then send the reply, then broadcast (ClosingSignedOutcome).
    /// </summary>
    public static StepBuilder Finish(StepBuilder builder, ClosingSignedOutcome outcome, ClosingFeerates feerates)
    {
        if (outcome.SignedClosingTransaction is { } signed)
        {
            builder.Store(new ChannelState.MutualClose(outcome.State.Commitments, signed));
            if (outcome.Reply is { } reply)
            {
                builder.Send(reply);
            }

            return builder.Broadcast(signed, "mutual close");
        }

        builder.Store(new ChannelState.Negotiating(outcome.State, feerates, ConnectionPhase.Connected));
        return outcome.Reply is { } counter ? builder.Send(counter) : builder;
    }

    /// <summary>BOLT 2: "MUST NOT send an update_add_htlc after a shutdown"; no fee change either.</summary>
    public static ChannelStep RefuseCommand(ChannelState state, ChannelInput command) =>
        new StepBuilder(state)
            .Notify(new ChannelAction.CommandRejected(command, new ChannelShuttingDownException(state.ChannelId, command.GetType().Name, local: true)))
            .Build();

    /// <summary>A refusal that leaves the channel as it was: the message or command is reported.</summary>
    public static ChannelStep Refuse(ChannelState state, ChannelInput input, ChannelException reason) =>
        input is ChannelInput.PeerMessage { Message: var message }
            ? ConnectionGate.Reject(state, message, reason)
            : new StepBuilder(state).Notify(new ChannelAction.CommandRejected(input, reason)).Build();

    /// <summary>
    /// The reestablish check found the peer holds a newer state than ours: as in normal
    /// operation (BOLT 2), never broadcast, and ask the peer to close.
    /// </summary>
    public static ChannelStep LostData(ChannelState state, Commitments commitments, RemoteHasNewerStateException e) =>
        new StepBuilder(state)
            .Store(new ChannelState.WaitingForRemoteClose(commitments))
            .Send(new Error(state.ChannelId, new ByteVector(System.Text.Encoding.UTF8.GetBytes(e.Message))))
            .Notify(new ChannelAction.ChannelFailed(e))
            .Build();

    public static void Completed(StepBuilder builder, IReadOnlyList<TransferUpdate> sent, IReadOnlyList<TransferUpdate> received)
    {
        if (sent.Count > 0 || received.Count > 0)
        {
            builder.Notify(new ChannelAction.TransfersCompleted(sent, received));
        }
    }
}
