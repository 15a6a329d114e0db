using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Channels.Transactions;

/// <summary>
/// What stays fixed across all commitments of one side of a channel: the funding
/// outpoint and keys, who opened (and so pays the fee), the owner's dust limit,
/// the delay the counterparty imposed on the owner (<c>to_self_delay</c>), and
/// the commitment-number obscuring factor.
/// </summary>
public sealed record CommitmentParameters(
    OutPoint FundingOutPoint,
    Satoshis FundingAmount,
    PublicKey LocalFundingPubKey,
    PublicKey RemoteFundingPubKey,
    bool LocalIsOpener,
    ushort ToSelfDelay,
    Satoshis DustLimit,
    ulong ObscuringFactor)
{
    public Script FundingScript => ChannelScripts.Funding(LocalFundingPubKey, RemoteFundingPubKey);
}
