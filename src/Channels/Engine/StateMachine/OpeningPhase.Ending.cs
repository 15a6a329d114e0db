using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.Opening.Errors;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.StateMachine;

/// <summary>How an opening ends early: failed (stored phases), abandoned (unstored), or forgotten after the fundee's timeout.</summary>
internal static partial class OpeningPhase
{
    /// <summary>
    /// BOLT 2 "The channel_ready Message": a fundee "SHOULD forget the channel if it does not
    /// see the correct funding transaction after a timeout of 2016 blocks". The first height
    /// seen while waiting is stored; at the timeout the record is deleted (it never held
    /// funds: the funding, if it ever came, would be the opener's money, and the opener keeps
    /// commitment 0 signed by us to take it back).
    /// </summary>
    private static ChannelStep BlockConnected(ChannelState.Opening state, ChannelInput.BlockConnected block)
    {
        if (state.Phase is not AwaitingFundingConfirmed { Terms.LocalIsOpener: false } waiting)
        {
            return ChannelStep.Unchanged(state);
        }

        if (state.WaitingSinceHeight is not { } since)
        {
            return new StepBuilder(state).Store(state with { WaitingSinceHeight = block.Height }).Build();
        }

        if (block.Height < since || !waiting.ShouldForget(block.Height - since))
        {
            return ChannelStep.Unchanged(state);
        }

        return new StepBuilder(new ChannelState.OpeningAborted(state.ChannelId, "the funding never confirmed"))
            .Notify(new ChannelAction.ForgetChannel(state.ChannelId))
            .Notify(new ChannelAction.ChannelFailed(new FundingTimeoutException(state.ChannelId, block.Height - since)))
            .Build();
    }

    /// <summary>
    /// A stored opening is failed like an open channel (BOLT 5 "Failing a Channel"): our
    /// commitment 0 is broadcast, after the funding it spends when we hold it. An unstored
    /// one is simply abandoned.
    /// </summary>
    private static ChannelStep Fail(ChannelState.Opening state, ChannelException reason, IChannelSigner signer, bool sendError)
    {
        if (Unopened(state) is not { } commitments)
        {
            return Abort(state, reason, sendError);
        }

        var step = ChannelStateMachine.FailChannel(commitments, reason, signer, sendError);
        return state.FundingTransaction is { } funding
            ? step with { Actions = step.Actions.Insert(1, new ChannelAction.BroadcastTransaction(funding, "funding, before the commitment that spends it")) }
            : step;
    }

    /// <summary>
    /// The commitments of a stored opening (commitment 0 signed both ways), to fail it or to
    /// resolve a spend of its funding (BOLT 5); null before anything is signed. The channel
    /// never reaches normal operation, so the peer's point for commitment 1 is never used:
    /// its first point stands in.
    /// </summary>
    private static Commitments? Unopened(ChannelState.Opening state) =>
        state.Phase is IStoredOpening stored
            ? Commitments.AfterChannelReady(
                stored.Terms.ToParameters(stored.FundingOutPoint),
                stored.Terms.LocalSpec,
                stored.RemoteSignatureOfLocalCommit,
                stored.Terms.RemoteFirstPerCommitmentPoint,
                stored.Terms.RemoteFirstPerCommitmentPoint)
            : null;

    private static ChannelStep Abort(ChannelState.Opening state, ChannelException reason, bool sendError)
    {
        var builder = new StepBuilder(state).Using(new ChannelState.OpeningAborted(state.ChannelId, reason.Message));
        if (sendError && state.Connection == ConnectionPhase.Connected)
        {
            builder.Send(new Error(state.ChannelId, new ByteVector(System.Text.Encoding.UTF8.GetBytes(reason.Message))));
        }

        if (state.FundingTransaction is { } unbroadcast)
        {
            // Unstored phases never broadcast it (that happens only once funding_signed is stored).
            builder.Notify(new ChannelAction.ReleaseFundingTransaction(unbroadcast));
        }

        return builder.Notify(new ChannelAction.ChannelFailed(reason)).Build();
    }
}
