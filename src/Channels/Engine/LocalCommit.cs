using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Transactions;

namespace Microchannels.Channels.Engine;

/// <summary>
/// Our latest commitment and the counterparty's signature on it: the one
/// transaction we can broadcast alone. The transaction itself is rebuilt from the
/// spec and keys when needed, so the store holds only what cannot be derived.
/// </summary>
public sealed record LocalCommit(ulong Index, CommitmentSpec Spec, EcdsaSignature RemoteSignature);
