namespace Microchannels.Channels.Engine.OnChain;

/// <summary>
/// What spent the funding output, in BOLT 5's categories. The stored values are part of
/// the channel store's format (<c>ChannelStateCodec</c>): never renumber them.
/// </summary>
public enum FundingSpendKind
{
    /// <summary>Not one of the categories below (BOLT 5 "General Requirements": warn the user).</summary>
    Unknown = 0,

    /// <summary>BOLT 5 "Mutual Close Handling": a closing transaction we signed in <c>closing_signed</c>.</summary>
    MutualClose = 1,

    /// <summary>BOLT 5 "Unilateral Close Handling: Local Commitment Transaction": our latest commitment.</summary>
    LocalCommitment = 2,

    /// <summary>BOLT 5 "Unilateral Close Handling: Remote Commitment Transaction": the peer's current commitment.</summary>
    RemoteCommitment = 3,

    /// <summary>
    /// The peer's next commitment, signed by us and not yet revoked-and-acked: BOLT 5 "Remote
    /// Commitment Transaction" rationale, "either commitment may serve as the remote node's
    /// commitment transaction; hence, the local node is required to handle both".
    /// </summary>
    PendingRemoteCommitment = 4,

    /// <summary>
    /// A peer commitment newer than any we know (we lost data): BOLT 5 "Remote Commitment
    /// Transaction" rationale, "It can derive its own remotepubkey for the transaction, in
    /// order to salvage its own funds". With <c>option_static_remotekey</c> that key is our
    /// <c>payment_basepoint</c>.
    /// </summary>
    FutureRemoteCommitment = 5,

    /// <summary>BOLT 5 "Revoked Transaction Close Handling": a peer commitment whose secret it revealed.</summary>
    RevokedRemoteCommitment = 6,
}
