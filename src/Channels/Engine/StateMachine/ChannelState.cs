using System.Collections.Immutable;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.StateMachine;

/// <summary>The phases of a channel; each record holds exactly what its phase needs.</summary>
public abstract partial record ChannelState
{
    public abstract ChannelId ChannelId { get; }

    /// <summary>
    /// Open and usable (BOLT 2 "Normal Operation"), with its connection phase and the
    /// updates waiting to be proposed: accepted while disconnected, or dropped unsigned
    /// at a disconnection. They are proposed once the channel is reestablished, so a
    /// dropped connection loses no payment; they are not persisted (an unsigned update
    /// binds nobody, and the application re-sends what never completed). <paramref name="FeeRange"/>
    /// is the operator's <c>update_fee</c> policy (not stored; null: <see cref="UpdateFeeRange.Default"/>).
    /// </summary>
    public sealed record Normal(Commitments Commitments, ConnectionPhase Connection, ImmutableList<ChannelUpdate> Unsent, UpdateFeeRange? FeeRange = null) : ChannelState
    {
        public override ChannelId ChannelId => Commitments.ChannelId;
    }

    /// <summary>
    /// We broadcast our latest commitment (on request or after the peer broke a rule);
    /// settlement watches it confirm and sweeps our delayed output (BOLT 5).
    /// </summary>
    public sealed record ForceClosing(Commitments Commitments, Transaction Commitment, string Reason) : ChannelState
    {
        public override ChannelId ChannelId => Commitments.ChannelId;
    }

    /// <summary>
    /// The peer proved it holds a newer state than ours (we lost data). BOLT 2: "MUST NOT
    /// broadcast its commitment transaction"; we wait for the peer to close, and our
    /// funds return through its commitment's static to_remote output.
    /// </summary>
    public sealed record WaitingForRemoteClose(Commitments Commitments) : ChannelState
    {
        public override ChannelId ChannelId => Commitments.ChannelId;
    }

    /// <summary>
    /// BOLT 2 "Closing Initiation: shutdown": a <c>shutdown</c> was sent or received; the
    /// exchange in flight completes, no new update is proposed. <paramref name="Feerates"/>
    /// are those we close at: the ones asked for by <see cref="ChannelInput.CooperativeClose"/>,
    /// or, when the peer started closing, a range around the current commitment feerate.
    /// <paramref name="FeeRange"/> is <see cref="Normal"/>'s <c>update_fee</c> policy, kept while
    /// the peer may still send one (not stored; null: <see cref="UpdateFeeRange.Default"/>).
    /// </summary>
    public sealed record ShuttingDown(Closing.ShuttingDown Shutdown, ClosingFeerates Feerates, ConnectionPhase Connection, UpdateFeeRange? FeeRange = null) : ChannelState
    {
        public override ChannelId ChannelId => Shutdown.ChannelId;
    }

    /// <summary>
    /// BOLT 2 "Legacy Closing Negotiation: closing_signed": both <c>shutdown</c> messages were
    /// exchanged on a quiet channel and the fee is being negotiated. <paramref name="Feerates"/>
    /// are kept to recompute the fees when negotiation restarts after a reconnection.
    /// </summary>
    public sealed record Negotiating(Closing.Negotiating Negotiation, ClosingFeerates Feerates, ConnectionPhase Connection) : ChannelState
    {
        public override ChannelId ChannelId => Negotiation.ChannelId;
    }

    /// <summary>
    /// The fee was agreed and the fully signed closing transaction broadcast (BOLT 2:
    /// "SHOULD sign and broadcast the final closing transaction"). Terminal; it is kept to
    /// broadcast again if needed.
    /// </summary>
    public sealed record MutualClose(Commitments Commitments, Transaction ClosingTransaction) : ChannelState
    {
        public override ChannelId ChannelId => Commitments.ChannelId;
    }

    /// <summary>
    /// Being opened (BOLT 2 "Channel Establishment v1"). <paramref name="Phase"/> is the
    /// opening wait; only <see cref="AwaitingFundingConfirmed"/> and
    /// <see cref="AwaitingChannelReady"/> are stored (<see cref="IsDurable"/>): before, BOLT 2
    /// "SHOULD NOT remember the channel". <paramref name="Pending"/> is the message that
    /// starts the phase (<c>open_channel</c> or <c>accept_channel</c>), sent once connected.
    /// <paramref name="Policy"/> checks the peer's <c>accept_channel</c> (opener only; not
    /// stored, as it is not needed once the terms are settled). <paramref name="FundingTransaction"/>
    /// is the opener's, kept to broadcast again until it confirms. <paramref name="WaitingSinceHeight"/>
    /// is the first block height seen while an accepter waits for the funding (stored), to
    /// forget a channel whose funding never comes.
    /// </summary>
    public sealed record Opening(
        OpeningState Phase,
        ConnectionPhase Connection,
        ChannelAcceptancePolicy? Policy,
        LightningMessage? Pending,
        Transaction? FundingTransaction,
        uint? WaitingSinceHeight = null) : ChannelState
    {
        public override ChannelId ChannelId => Phase.ChannelId;

        public bool IsDurable => Phase is IStoredOpening;
    }

    /// <summary>
    /// An opening abandoned before anything was funded: the connection dropped, the peer
    /// refused, or a rule was broken. Terminal and never stored; the opener may start again.
    /// </summary>
    public sealed record OpeningAborted(ChannelId TemporaryChannelId, string Reason) : ChannelState
    {
        public override ChannelId ChannelId => TemporaryChannelId;
    }
}
