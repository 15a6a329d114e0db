using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.StateMachine;

/// <summary>
/// The channel as a pure state machine (DESIGN.md decision 3):
/// <c>(state, input) -> (state', actions)</c>. No I/O, no clock: the shell feeds
/// inputs one at a time and performs the actions in order. Handlers are split by
/// phase (STYLE.md: "Split handlers by phase").
/// </summary>
public static class ChannelStateMachine
{
    public static ChannelStep Process(ChannelState state, ChannelInput input, IChannelSigner signer)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(signer);
        return state switch
        {
            ChannelState.Normal normal => NormalPhase.Handle(normal, input, signer),
            ChannelState.ShuttingDown shuttingDown => ClosingPhase.Handle(shuttingDown, input, signer),
            ChannelState.Negotiating negotiating => NegotiatingPhase.Handle(negotiating, input, signer),
            ChannelState.ForceClosing or ChannelState.WaitingForRemoteClose or ChannelState.MutualClose => Closed(state, input, signer),
            ChannelState.ClosingOnChain closing => OnChainPhase.Handle(closing, input, signer),
            ChannelState.Closed => Closed(state, input, signer),
            _ => throw new ArgumentException($"Unknown state {state.GetType().Name}.", nameof(state)),
        };
    }

    /// <summary>
    /// BOLT 1 "The error and warning messages" / BOLT 5 "Failing a Channel": send an error
    /// and broadcast our latest commitment. Stored first, so a crash cannot forget it.
    /// </summary>
    internal static ChannelStep FailChannel(Commitments commitments, ChannelException reason, IChannelSigner signer, bool sendError)
    {
        var commitment = commitments.SignedLocalCommitment(signer);
        var builder = new StepBuilder(new ChannelState.Normal(commitments, ConnectionPhase.Disconnected, []))
            .Store(new ChannelState.ForceClosing(commitments, commitment, reason.Message));
        if (sendError)
        {
            builder.Send(new Error(commitments.ChannelId, new ByteVector(System.Text.Encoding.UTF8.GetBytes(reason.Message))));
        }

        return builder
            .Broadcast(commitment, reason.Message)
            .Notify(new ChannelAction.ChannelFailed(reason))
            .Build();
    }

    private static ChannelStep Closed(ChannelState state, ChannelInput input, IChannelSigner signer)
    {
        if (input is ChannelInput.FundingSpent spent)
        {
            // BOLT 5: whoever closed, what spent the funding output decides what we claim.
            return OnChainPhase.FundingSpentAfterClose(state, spent.Transaction, signer);
        }

        // A closed channel answers no message; local commands are refused.
        var builder = new StepBuilder(state);
        if (input is ChannelInput.SendTransfer or ChannelInput.UpdateFee or ChannelInput.CooperativeClose)
        {
            builder.Notify(new ChannelAction.CommandRejected(input, new UnexpectedMessageException(state.ChannelId, input.GetType().Name, state.GetType().Name)));
        }

        return builder.Build();
    }
}
