using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
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

    /// <summary>
    /// Opener: ask the wallet for a signed, unbroadcast funding transaction; the shell
    /// answers with <see cref="ChannelInput.FundingTransactionCreated"/>.
    /// </summary>
    public sealed record CreateFundingTransaction(Script FundingScriptPubKey, Satoshis Amount, FeeratePerKw Feerate) : ChannelAction;

    /// <summary>
    /// Opener: the opening was abandoned before its funding transaction was broadcast; the
    /// wallet may spend those coins again.
    /// </summary>
    public sealed record ReleaseFundingTransaction(Transaction FundingTransaction) : ChannelAction;

    /// <summary>
    /// Delete the stored channel: it never held funds (an accepter whose funding never came,
    /// BOLT 2 "The channel_ready Message": "SHOULD forget the channel").
    /// </summary>
    public sealed record ForgetChannel(ChannelId ChannelId) : ChannelAction;

    /// <summary>
    /// Watch <paramref name="FundingOutPoint"/>: report its transaction's depth with
    /// <see cref="ChannelInput.FundingConfirmed"/> until <paramref name="MinimumDepth"/>, and
    /// any spend with <see cref="ChannelInput.FundingSpent"/>.
    /// </summary>
    public sealed record WatchFunding(OutPoint FundingOutPoint, uint MinimumDepth) : ChannelAction;

    /// <summary>Both <c>channel_ready</c> messages were exchanged: the channel is open for transfers.</summary>
    public sealed record ChannelEstablished(ChannelId ChannelId, OutPoint FundingOutPoint) : ChannelAction;

    /// <summary>
    /// Reported by the shell, never produced by the machine: the chain refused a broadcast
    /// or could not be reached. The channel goes on (a stopped channel would miss the spend
    /// it must punish, BOLT 5): what it broadcasts is sent again at the next funding depth
    /// or confirmation report.
    /// </summary>
    public sealed record BroadcastFailed(Transaction Transaction, string Reason, string Error) : ChannelAction;

    /// <summary>
    /// Reported by the shell, never produced by the machine: a connection to the peer was
    /// attached (the channel reestablishes, or resumes its opening, over it). For the
    /// application (an operator's event stream); the channel learns it as <see cref="ChannelInput.Connected"/>.
    /// </summary>
    public sealed record PeerConnected : ChannelAction;

    /// <summary>Reported by the shell, never produced by the machine: the peer's connection is gone.</summary>
    public sealed record PeerDisconnected : ChannelAction;
}
