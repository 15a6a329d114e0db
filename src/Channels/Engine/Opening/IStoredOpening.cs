using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Channels.Engine.Opening;

/// <summary>
/// An opening whose commitment 0 is signed both ways (BOLT 2: from here the channel is
/// remembered): the terms, the funding outpoint and the peer's signature of our commitment
/// 0 are all that is stored, and all that is needed to close on our own.
/// </summary>
public interface IStoredOpening
{
    ChannelTerms Terms { get; }

    OutPoint FundingOutPoint { get; }

    EcdsaSignature RemoteSignatureOfLocalCommit { get; }
}
