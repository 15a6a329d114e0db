using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Transactions;

namespace Microchannels.Channels.Engine;

/// <summary>
/// The counterparty's commitment that we signed, with the per-commitment point it
/// was built at (needed to check the revocation secret that retires it, BOLT 2
/// "revoke_and_ack", and to recognise it on chain).
/// </summary>
public sealed record RemoteCommit(ulong Index, CommitmentSpec Spec, TxId TxId, PublicKey PerCommitmentPoint);
