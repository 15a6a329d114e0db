using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Transactions;

namespace Microchannels.Channels.Engine.StateMachine;

/// <summary>What a shell needs to know of any phase, without matching each one itself.</summary>
public abstract partial record ChannelState
{
    /// <summary>The channel's commitments, or null while it is being opened (or was abandoned).</summary>
    public Commitments? CommitmentsOrNull => this switch
    {
        Normal n => n.Commitments,
        ForceClosing f => f.Commitments,
        WaitingForRemoteClose w => w.Commitments,
        ShuttingDown s => s.Shutdown.Commitments,
        Negotiating n => n.Negotiation.Commitments,
        MutualClose m => m.Commitments,
        ClosingOnChain c => c.Commitments,
        Closed c => c.Commitments,
        _ => null,
    };

    /// <summary>Our keys in this channel, once the terms are settled; a node checks them against the signer it would use.</summary>
    public ChannelBasepoints? LocalBasepoints => CommitmentsOrNull?.Parameters.Local.Basepoints ?? (this switch
    {
        Opening { Phase: AwaitingAcceptChannel a } => a.Local.Basepoints,
        Opening { Phase.SettledTerms: { } terms } => terms.Local.Basepoints,
        _ => null,
    });

    /// <summary>
    /// The highest of our commitments we revoked, for the signer's tripwire (it must never
    /// sign one of those for broadcast again); null before the first revocation.
    /// </summary>
    public ulong? HighestRevokedLocalCommitment => CommitmentsOrNull is { LocalCommit.Index: > 0 } c ? c.LocalCommit.Index - 1 : null;

    /// <summary>Connected and waiting for the peer's <c>channel_reestablish</c> (BOLT 2 "Message Retransmission").</summary>
    public bool IsAwaitingReestablish => this switch
    {
        Normal { Connection: ConnectionPhase.AwaitingReestablish } => true,
        Opening { Connection: ConnectionPhase.AwaitingReestablish } => true,
        ShuttingDown { Connection: ConnectionPhase.AwaitingReestablish } => true,
        Negotiating { Connection: ConnectionPhase.AwaitingReestablish } => true,
        _ => false,
    };
}
