namespace Microchannels.Channels.Engine;

/// <summary>
/// The counterparty's next commitment, signed by us and awaiting its
/// <c>revoke_and_ack</c>. <paramref name="SentAfterLocalCommitIndex"/> is our local
/// commitment number when we sent it: on reconnection BOLT 2 "Message
/// Retransmission" requires resending <c>commitment_signed</c> and
/// <c>revoke_and_ack</c> "in the same relative order as initially transmitted", and
/// this is how we know that order (eclair's <c>sentAfterLocalCommitIndex</c>).
/// </summary>
public sealed record PendingRemoteCommit(RemoteCommit Commit, ulong SentAfterLocalCommitIndex);
