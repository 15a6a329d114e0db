using System.Collections.Immutable;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Engine.OnChain;

namespace Microchannels.Channels.Engine.StateMachine;

/// <summary>Application events of an on-chain close (BOLT 5).</summary>
public abstract partial record ChannelAction
{
    /// <summary>
    /// The funding output was spent by a <paramref name="Kind"/> close. <paramref name="OurOutputs"/>
    /// are the outputs that end up ours (P2WPKH of our <c>payment_basepoint</c>, or our
    /// mutual-close script), worth <paramref name="OurAmount"/> in all; <paramref name="TxIds"/>
    /// are the transactions to watch: the spending one, then our claim (sweep or penalty).
    /// </summary>
    public sealed record ClosedOnChain(FundingSpendKind Kind, Satoshis OurAmount, ImmutableArray<ResolvedOutput> OurOutputs, ImmutableArray<TxId> TxIds) : ChannelAction;

    /// <summary>
    /// An unconfirmed claim was re-signed at <paramref name="Feerate"/> (fee <paramref name="Fee"/>)
    /// and broadcast as a BIP 125 replacement. <paramref name="TxIds"/> are the transactions to
    /// watch now: the spending one, the new claim, then every earlier version (any may be mined).
    /// </summary>
    public sealed record ClaimBumped(FundingSpendKind Kind, Bitcoin.FeeratePerKw Feerate, Satoshis Fee, ImmutableArray<TxId> TxIds) : ChannelAction;

    /// <summary>The close is irrevocably resolved (BOLT 5): the channel is <see cref="ChannelState.Closed"/>.</summary>
    public sealed record ClosureResolved(FundingSpendKind Kind, Satoshis OurAmount, ImmutableArray<ResolvedOutput> OurOutputs) : ChannelAction;

    /// <summary>
    /// BOLT 5 "General Requirements": a spend of the funding output we cannot resolve; "MUST
    /// warn the user of potentially lost funds". The channel is unchanged.
    /// </summary>
    public sealed record OnChainWarning(ChannelException Reason) : ChannelAction;
}
