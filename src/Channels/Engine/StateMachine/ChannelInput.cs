using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.OnChain;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.StateMachine;

/// <summary>
/// Everything that can happen to a channel (DESIGN.md decision 3): peer messages,
/// local commands, connection changes and chain events. Time enters only as blocks.
/// </summary>
public abstract partial record ChannelInput
{
    /// <summary>A message from the peer, already decoded.</summary>
    public sealed record PeerMessage(LightningMessage Message) : ChannelInput;

    /// <summary>The transport to the peer is up (after BOLT 8 and init).</summary>
    public sealed record Connected : ChannelInput;

    /// <summary>The transport to the peer is gone.</summary>
    public sealed record Disconnected : ChannelInput;

    /// <summary>Pay the peer <paramref name="Amount"/> for <paramref name="Reading"/>.</summary>
    public sealed record SendTransfer(MilliSatoshis Amount, SignedMeterReading Reading) : ChannelInput;

    /// <summary>Set a new commitment fee rate (opener only).</summary>
    public sealed record UpdateFee(FeeratePerKw Feerate) : ChannelInput;

    /// <summary>Close unilaterally now: sign and broadcast our latest commitment.</summary>
    public sealed record ForceClose(string Reason) : ChannelInput;

    /// <summary>
    /// The chain saw a transaction spending the funding output. <paramref name="Pricing"/> is the
    /// host's fee estimate for our claim (BOLT 5); null prices it at the commitment's feerate.
    /// </summary>
    public sealed record FundingSpent(Transaction Transaction, ClaimPricing? Pricing = null) : ChannelInput;

    /// <summary>
    /// Close cooperatively (BOLT 2 "Channel Close"): send <c>shutdown</c> once nothing waits
    /// to be signed for the peer, then negotiate the fee within <paramref name="Feerates"/>.
    /// A null <paramref name="LocalScript"/> closes to P2WPKH of our <c>payment_basepoint</c>
    /// (<c>signer.Basepoints.PaymentBasepoint</c>): its private key is the signer's payment
    /// basepoint secret, so the signer that holds the channel can spend our closing output.
    /// </summary>
    public sealed record CooperativeClose(Script? LocalScript, ClosingFeerates Feerates) : ChannelInput;

    /// <summary>
    /// The opener's wallet built (and signed, but did not broadcast) the transaction asked
    /// for by <see cref="ChannelAction.CreateFundingTransaction"/>.
    /// </summary>
    public sealed record FundingTransactionCreated(Transaction Transaction) : ChannelInput;

    /// <summary>
    /// The funding transaction is in the best chain with <paramref name="Depth"/>
    /// confirmations (1 = in the tip). Reported again as blocks arrive; the channel acts
    /// once the depth reaches the accepter's <c>minimum_depth</c> (BOLT 2 "The channel_ready Message").
    /// </summary>
    public sealed record FundingConfirmed(Transaction FundingTransaction, uint Depth) : ChannelInput;

    /// <summary>
    /// A new best block at <paramref name="Height"/>: the engine's clock, for the rules counted
    /// in blocks (BOLT 2: a fundee forgets a channel whose funding does not appear in 2016 blocks),
    /// and the moment an unconfirmed on-chain claim is re-signed at a higher fee
    /// (<see cref="ClaimBumper"/>). <paramref name="Pricing"/> is the host's current fee
    /// estimate for claims; null keeps the stored one.
    /// </summary>
    public sealed record BlockConnected(uint Height, ClaimPricing? Pricing = null) : ChannelInput;
}
