using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.StateMachine;

/// <summary>
/// What the shell must do after a step, in order. A <see cref="PersistState"/>
/// always precedes the messages that depend on it (DESIGN.md decision 4); the
/// shell performs actions strictly in sequence and stops at the first failure.
/// </summary>
public abstract partial record ChannelAction
{
    /// <summary>Store this state durably before going on.</summary>
    public sealed record PersistState(ChannelState State) : ChannelAction;

    public sealed record SendMessage(LightningMessage Message) : ChannelAction;

    public sealed record BroadcastTransaction(Transaction Transaction, string Reason) : ChannelAction;

    /// <summary>Transfers now irrevocably committed on both sides, for the application (billing, supply relay).</summary>
    public sealed record TransfersCompleted(IReadOnlyList<TransferUpdate> Sent, IReadOnlyList<TransferUpdate> Received) : ChannelAction;

    /// <summary>The peer broke a rule: the channel was failed (an error was sent and our commitment broadcast).</summary>
    public sealed record ChannelFailed(ChannelException Reason) : ChannelAction;

    /// <summary>A peer message was ignored (wrong phase); the channel is unchanged.</summary>
    public sealed record MessageRejected(LightningMessage Message, ChannelException Reason) : ChannelAction;

    /// <summary>A local command was refused; the channel is unchanged.</summary>
    public sealed record CommandRejected(ChannelInput Command, ChannelException Reason) : ChannelAction;
}
