using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Channels.Transactions;

/// <summary>
/// One side's public channel keys as exchanged in <c>open_channel</c> /
/// <c>accept_channel</c> (BOLT 2): the funding key and the four basepoints.
/// </summary>
public sealed record ChannelBasepoints(
    PublicKey FundingPubKey,
    PublicKey RevocationBasepoint,
    PublicKey PaymentBasepoint,
    PublicKey DelayedPaymentBasepoint,
    PublicKey HtlcBasepoint);
