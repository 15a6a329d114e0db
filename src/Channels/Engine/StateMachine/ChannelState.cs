using System.Collections.Immutable;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.StateMachine;

/// <summary>The phases of a channel; each record holds exactly what its phase needs.</summary>
public abstract record ChannelState
{
    public abstract ChannelId ChannelId { get; }

    /// <summary>
    /// Open and usable (BOLT 2 "Normal Operation"), with its connection phase and the
    /// updates waiting to be proposed: accepted while disconnected, or dropped unsigned
    /// at a disconnection. They are proposed once the channel is reestablished, so a
    /// dropped connection loses no payment; they are not persisted (an unsigned update
    /// binds nobody, and the application re-sends what never completed).
    /// </summary>
    public sealed record Normal(Commitments Commitments, ConnectionPhase Connection, ImmutableList<ChannelUpdate> Unsent) : ChannelState
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
}
