using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Signing;

namespace Microchannels.Channels.Tests.Engine.OnChain;

/// <summary>
/// One side of a <see cref="ChannelPair"/> seen as "us" for an on-chain close: our
/// commitments and signer, and the peer's (which signs the peer's own commitments, as the
/// peer would to broadcast them).
/// </summary>
internal sealed record OnChainSide(ChannelPair Pair, bool IsMeter)
{
    public Commitments Us => IsMeter ? Pair.Meter : Pair.Provider;

    public Commitments Peer => IsMeter ? Pair.Provider : Pair.Meter;

    public InMemoryChannelSigner OurSigner => IsMeter ? Pair.MeterSigner : Pair.ProviderSigner;

    public InMemoryChannelSigner PeerSigner => IsMeter ? Pair.ProviderSigner : Pair.MeterSigner;

    /// <summary>The peer's latest commitment, fully signed: what it would broadcast now.</summary>
    public Transaction PeerCommitment() => Peer.SignedLocalCommitment(PeerSigner);

    /// <summary>Our latest commitment, fully signed.</summary>
    public Transaction OurCommitment() => Us.SignedLocalCommitment(OurSigner);

    public ChannelState.Normal Normal() => new(Us, ConnectionPhase.Disconnected, []);

    public ChannelStep Spend(Transaction spending) => Spend(Normal(), spending);

    public ChannelStep Spend(ChannelState state, Transaction spending) =>
        ChannelStateMachine.Process(state, new ChannelInput.FundingSpent(spending), OurSigner);

    public ChannelStep Confirm(ChannelState state, Transaction transaction, uint depth) =>
        ChannelStateMachine.Process(state, new ChannelInput.TransactionConfirmed(transaction.GetTxId(), depth), OurSigner);
}
