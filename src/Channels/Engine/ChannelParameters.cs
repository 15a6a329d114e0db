using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine;

/// <summary>
/// Everything fixed at channel open. "Local" is this node. The meter is the opener
/// (DESIGN.md: "The meter is the opener and funds the channel") and signs every
/// meter reading with <see cref="MeterReadingKey"/>.
/// </summary>
public sealed record ChannelParameters(
    ChannelId ChannelId,
    OutPoint FundingOutPoint,
    Satoshis FundingAmount,
    bool LocalIsOpener,
    ChannelSideParameters Local,
    ChannelSideParameters Remote,
    PublicKey MeterReadingKey)
{
    private ChannelBasepoints Opener => LocalIsOpener ? Local.Basepoints : Remote.Basepoints;

    private ChannelBasepoints Accepter => LocalIsOpener ? Remote.Basepoints : Local.Basepoints;

    /// <summary>BOLT 3: SHA256(opener payment_basepoint || accepter payment_basepoint), lower 48 bits.</summary>
    public ulong ObscuringFactor => ObscuredCommitmentNumber.ObscuringFactor(Opener.PaymentBasepoint, Accepter.PaymentBasepoint);

    public MilliSatoshis Capacity => MilliSatoshis.FromSatoshis((ulong)FundingAmount.Value);

    /// <summary>Our commitment: our dust limit, the delay the remote imposed on us.</summary>
    public CommitmentParameters LocalCommitmentParameters => new(
        FundingOutPoint, FundingAmount, Local.Basepoints.FundingPubKey, Remote.Basepoints.FundingPubKey,
        LocalIsOpener, Remote.ToSelfDelay, Local.DustLimit, ObscuringFactor);

    /// <summary>Their commitment: their dust limit, the delay we imposed on them.</summary>
    public CommitmentParameters RemoteCommitmentParameters => new(
        FundingOutPoint, FundingAmount, Remote.Basepoints.FundingPubKey, Local.Basepoints.FundingPubKey,
        !LocalIsOpener, Local.ToSelfDelay, Remote.DustLimit, ObscuringFactor);
}
