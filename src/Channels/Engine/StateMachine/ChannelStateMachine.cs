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
    /// <param name="readings">The provider's expectations of the meter's readings (<see cref="ReadingExpectations"/>); null on the meter's side.</param>
    public static ChannelStep Process(ChannelState state, ChannelInput input, IChannelSigner signer, ReadingExpectations? readings = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(signer);
        return state switch
        {
            ChannelState.Opening opening => OpeningPhase.Handle(opening, input, signer),
            ChannelState.Normal normal => NormalPhase.Handle(normal, input, signer, readings),
            ChannelState.ShuttingDown shuttingDown => ClosingPhase.Handle(shuttingDown, input, signer, readings),
            ChannelState.Negotiating negotiating => NegotiatingPhase.Handle(negotiating, input, signer),
            ChannelState.ForceClosing or ChannelState.WaitingForRemoteClose or ChannelState.MutualClose => Closed(state, input, signer),
            ChannelState.ClosingOnChain closing => OnChainPhase.Handle(closing, input, signer),
            ChannelState.Closed or ChannelState.OpeningAborted => Closed(state, input, signer),
            _ => throw new ArgumentException($"Unknown state {state.GetType().Name}.", nameof(state)),
        };
    }

    /// <summary>
    /// The opener's (the meter's) first state (BOLT 2 "The open_channel Message"): it sends
    /// <c>open_channel</c> once <see cref="ChannelInput.Connected"/>. The caller draws a random
    /// <paramref name="temporaryChannelId"/>; our own values are checked against
    /// <paramref name="policy"/> and a misconfiguration throws the typed opening error.
    /// </summary>
    public static ChannelState.Opening Open(
        ChannelId temporaryChannelId,
        Bitcoin.Satoshis fundingAmount,
        MilliSatoshis pushAmount,
        Bitcoin.FeeratePerKw feerate,
        Bitcoin.Crypto.PublicKey meterReadingKey,
        IChannelSigner signer,
        Opening.ChannelAcceptancePolicy policy)
    {
        var (phase, message) = Opening.ChannelEstablishment.OpenerStart(temporaryChannelId, fundingAmount, pushAmount, feerate, meterReadingKey, signer, policy);
        return new ChannelState.Opening(phase, ConnectionPhase.Disconnected, policy, message, null);
    }

    /// <summary>
    /// The accepter's (the provider's) answer to <c>open_channel</c>, the first message of
    /// a new channel on a connection. On success the state sends <c>accept_channel</c> once
    /// <see cref="ChannelInput.Connected"/>; otherwise it is <see cref="ChannelState.OpeningAborted"/>
    /// and the step's actions hold the <c>error</c> to send (BOLT 2: the receiver
    /// "MUST fail the channel"; nothing is kept).
    /// </summary>
    public static ChannelStep Accept(OpenChannel message, Opening.ChannelAcceptancePolicy policy, IChannelSigner signer)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            var (phase, reply) = Opening.ChannelEstablishment.AccepterReceiveOpenChannel(message, policy, signer);
            return ChannelStep.Unchanged(new ChannelState.Opening(phase, ConnectionPhase.Disconnected, policy, reply, null));
        }
        catch (ChannelException e)
        {
            return new StepBuilder(new ChannelState.OpeningAborted(message.TemporaryChannelId, e.Message))
                .Send(new Error(message.TemporaryChannelId, new ByteVector(System.Text.Encoding.UTF8.GetBytes(e.Message))))
                .Notify(new ChannelAction.ChannelFailed(e))
                .Build();
        }
    }

    /// <summary>
    /// BOLT 1 "The error and warning Messages" / BOLT 5 "Failing a Channel": send an error
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
            return OnChainPhase.FundingSpentAfterClose(state, spent, signer);
        }

        // The funding is still unspent at a new depth: what we broadcast is not yet mined, or
        // a crash came between storing the close and broadcasting it. Broadcasting is
        // idempotent, so send it again (BOLT 5: the closing node must see it confirmed).
        if (input is ChannelInput.FundingConfirmed)
        {
            switch (state)
            {
                case ChannelState.ForceClosing forceClosing:
                    return new StepBuilder(state).Broadcast(forceClosing.Commitment, "our commitment again: the funding is still unspent").Build();
                case ChannelState.MutualClose mutualClose:
                    return new StepBuilder(state).Broadcast(mutualClose.ClosingTransaction, "the closing transaction again: the funding is still unspent").Build();
            }
        }

        // A closed channel answers no message; local commands are refused.
        var builder = new StepBuilder(state);
        if (input is ChannelInput.FundingTransactionCreated late)
        {
            // The wallet answered after the opening was abandoned: its coins go back.
            builder.Notify(new ChannelAction.ReleaseFundingTransaction(late.Transaction));
        }

        // A force close too: our commitment is already out, or the closing transaction, or the
        // chain decides; after a proof that we lost data BOLT 2 forbids broadcasting at all.
        if (input is ChannelInput.SendTransfer or ChannelInput.UpdateFee or ChannelInput.CooperativeClose or ChannelInput.ForceClose)
        {
            builder.Notify(new ChannelAction.CommandRejected(input, new CommandNotAllowedException(state.ChannelId, input.GetType().Name, state.GetType().Name)));
        }

        return builder.Build();
    }
}
