using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.StateMachine;

/// <summary>
/// What every open phase does with a peer message before its own handling: an
/// <c>error</c> fails the channel (BOLT 1); while awaiting <c>channel_reestablish</c>
/// nothing else is accepted (BOLT 2: "MUST wait to receive the other node's
/// channel_reestablish message before sending any other messages"); a disconnected
/// channel takes no message.
/// </summary>
internal static class ConnectionGate
{
    /// <summary>A finished step when the gate handled <paramref name="message"/>; null when the phase should.</summary>
    public static ChannelStep? TryHandle(
        ChannelState state,
        ConnectionPhase connection,
        Commitments commitments,
        LightningMessage message,
        IChannelSigner signer,
        Func<ChannelReestablish, ChannelStep> reestablish)
    {
        if (message is Error error)
        {
            return Concerns(error, state.ChannelId)
                ? ChannelStateMachine.FailChannel(commitments, new PeerReportedErrorException(state.ChannelId, error.Data.ToArray()), signer, sendError: false)
                : ChannelStep.Unchanged(state);
        }

        return connection switch
        {
            ConnectionPhase.AwaitingReestablish => message is ChannelReestablish r ? reestablish(r) : Reject(state, message, "awaiting channel_reestablish"),
            ConnectionPhase.Disconnected => Reject(state, message, "disconnected"),
            _ => null,
        };
    }

    /// <summary>
    /// BOLT 1 "The error and warning Messages": the receiver fails the channel the error
    /// names, all channels for an all-zero id, and "if no existing channel is referred to
    /// by channel_id: MUST ignore the message".
    /// </summary>
    public static bool Concerns(Error error, ChannelId channelId) => error.ChannelId.IsAll || error.ChannelId == channelId;

    public static ChannelStep Reject(ChannelState state, LightningMessage message, string phase) =>
        Reject(state, message, new UnexpectedMessageException(state.ChannelId, MessageTypes.NameOf(message.Type) ?? $"message type {message.Type}", phase));

    public static ChannelStep Reject(ChannelState state, LightningMessage message, ChannelException reason) =>
        new StepBuilder(state).Notify(new ChannelAction.MessageRejected(message, reason)).Build();
}
