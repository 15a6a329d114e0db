using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.StateMachine;

/// <summary>
/// BOLT 2 "Message Retransmission" while closing: reestablish through
/// <see cref="Commitments"/> as in normal operation, then "if it has sent a previous
/// shutdown: MUST retransmit shutdown", and restart the fee negotiation (BOLT 2 rationale:
/// "negotiation restarts on reconnection").
/// </summary>
internal static class ClosingReconnection
{
    public static ChannelStep Connect(ChannelState state, Commitments commitments, ChannelState awaiting, IChannelSigner signer) =>
        new StepBuilder(state)
            .Using(awaiting)
            .Send(commitments.CreateReestablish(signer))
            .Build();

    /// <summary>
    /// Unsigned proposals are dropped on both sides (BOLT 2). Ours cannot be proposed
    /// again once shutting down ("MUST NOT send an update_add_htlc after a shutdown"), so
    /// each is reported as refused: the application knows it was never paid.
    /// </summary>
    public static ChannelStep Disconnect(ChannelState.ShuttingDown state)
    {
        var (commitments, dropped) = state.Shutdown.Commitments.OnDisconnect();
        var builder = new StepBuilder(state with { Shutdown = state.Shutdown with { Commitments = commitments }, Connection = ConnectionPhase.Disconnected });
        foreach (var update in dropped)
        {
            var command = update switch
            {
                TransferUpdate t => (ChannelInput)new ChannelInput.SendTransfer(t.Amount, t.Reading),
                FeeUpdate f => new ChannelInput.UpdateFee(f.Feerate),
                _ => throw new ArgumentException($"Unknown update {update.GetType().Name}.", nameof(state)),
            };
            builder.Notify(new ChannelAction.CommandRejected(command, new Closing.Errors.ChannelShuttingDownException(state.ChannelId, command.GetType().Name, local: true)));
        }

        return builder.Build();
    }

    public static ChannelStep Reestablish(ChannelState.ShuttingDown state, ChannelReestablish message, IChannelSigner signer)
    {
        ReestablishResult result;
        try
        {
            result = state.Shutdown.Commitments.ReceiveReestablish(message, signer);
        }
        catch (RemoteHasNewerStateException e)
        {
            return ClosingSteps.LostData(state, state.Shutdown.Commitments, e);
        }

        var builder = new StepBuilder(state with { Shutdown = state.Shutdown with { Commitments = result.State }, Connection = ConnectionPhase.Connected });
        foreach (var retransmit in result.Retransmit)
        {
            builder.Send(retransmit);
        }

        if (state.Shutdown.LocalShutdownSent)
        {
            builder.Send(new Shutdown(state.ChannelId, state.Shutdown.LocalScript));
        }

        return ClosingPhase.Progress(builder, signer).Build();
    }

    public static ChannelStep Reestablish(ChannelState.Negotiating state, ChannelReestablish message, IChannelSigner signer)
    {
        var negotiation = state.Negotiation;
        ReestablishResult result;
        try
        {
            result = negotiation.Commitments.ReceiveReestablish(message, signer);
        }
        catch (RemoteHasNewerStateException e)
        {
            return ClosingSteps.LostData(state, negotiation.Commitments, e);
        }

        var builder = new StepBuilder(state);
        foreach (var retransmit in result.Retransmit)
        {
            builder.Send(retransmit);
        }

        // Both shutdowns were sent before negotiating; ours goes again, then the funder
        // proposes afresh (stored first: the new fees and signature are what we answer to).
        builder.Send(new Shutdown(state.ChannelId, new ByteVector(negotiation.LocalScript.AsSpan())));
        var (restarted, proposal) = (negotiation with { Commitments = result.State }).Restart(signer, state.Feerates);
        builder.Store(state with { Negotiation = restarted, Connection = ConnectionPhase.Connected });
        if (proposal is not null)
        {
            builder.Send(proposal);
        }

        return builder.Build();
    }
}
