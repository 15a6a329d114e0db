using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Signing;

namespace Microchannels.Channels.Engine.StateMachine;

/// <summary>
/// <see cref="ChannelStateMachine.Process"/> for a shell that must never stop watching the
/// chain (BOLT 5: a revoked commitment must be answered with a penalty before
/// <c>to_self_delay</c> runs out). Whatever the machine throws becomes a step: the input had no
/// effect (states are immutable), the fault is reported (<see cref="ChannelAction.EngineFailed"/>),
/// and the channel goes on taking inputs. A refused local command is also reported as such.
/// When the fault came from a peer message, our view of the exchange with the peer can no
/// longer be trusted, so the channel is force-closed (BOLT 5 "Failing a Channel").
/// </summary>
public static class EngineFaults
{
    public static ChannelStep Process(ChannelState state, ChannelInput input, IChannelSigner signer, ReadingExpectations? readings = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            return ChannelStateMachine.Process(state, input, signer, readings);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Fault(state, input, e, signer);
        }
    }

    private static ChannelStep Fault(ChannelState state, ChannelInput input, Exception fault, IChannelSigner signer)
    {
        var reason = new EngineFaultException(state.ChannelId, InputName(input), fault);
        var report = new ChannelAction.EngineFailed(input, reason);
        switch (input)
        {
            case ChannelInput.SendTransfer or ChannelInput.UpdateFee or ChannelInput.CooperativeClose or ChannelInput.ForceClose:
                return new StepBuilder(state).Notify(report).Notify(new ChannelAction.CommandRejected(input, reason)).Build();
            case ChannelInput.PeerMessage when state.CommitmentsOrNull is not null:
                try
                {
                    var closing = ChannelStateMachine.Process(state, new ChannelInput.ForceClose(reason.Message), signer);
                    return closing with { Actions = [report, .. closing.Actions] };
                }
                catch (Exception again) when (again is not OutOfMemoryException)
                {
                    // Even our own commitment cannot be signed now: report both, keep watching.
                    var second = new EngineFaultException(state.ChannelId, nameof(ChannelInput.ForceClose), again);
                    return new StepBuilder(state).Notify(report).Notify(new ChannelAction.EngineFailed(input, second)).Build();
                }

            default:
                return new StepBuilder(state).Notify(report).Build();
        }
    }

    private static string InputName(ChannelInput input) =>
        input is ChannelInput.PeerMessage { Message: var message } ? message.GetType().Name : input.GetType().Name;
}
