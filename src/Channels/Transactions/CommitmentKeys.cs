using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Keys;

namespace Microchannels.Channels.Transactions;

/// <summary>
/// The keys one commitment transaction uses, named as BOLT 3 names them from
/// the point of view of the commitment's owner ("local").
/// </summary>
public sealed record CommitmentKeys(
    PublicKey RevocationPubKey,
    PublicKey LocalDelayedPubKey,
    PublicKey LocalHtlcPubKey,
    PublicKey RemoteHtlcPubKey,
    PublicKey RemotePaymentPubKey)
{
    /// <summary>
    /// BOLT 3 "Key Derivation" for the commitment owned by <paramref name="owner"/>,
    /// at <paramref name="perCommitmentPoint"/> (the owner's). With
    /// <c>option_static_remotekey</c>, <c>remotepubkey</c> is the counterparty's
    /// <c>payment_basepoint</c> itself.
    /// </summary>
    public static CommitmentKeys Derive(ChannelBasepoints owner, ChannelBasepoints counterparty, PublicKey perCommitmentPoint)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(counterparty);
        return new CommitmentKeys(
            KeyDerivation.DeriveRevocationPublicKey(counterparty.RevocationBasepoint, perCommitmentPoint),
            KeyDerivation.DerivePublicKey(owner.DelayedPaymentBasepoint, perCommitmentPoint),
            KeyDerivation.DerivePublicKey(owner.HtlcBasepoint, perCommitmentPoint),
            KeyDerivation.DerivePublicKey(counterparty.HtlcBasepoint, perCommitmentPoint),
            counterparty.PaymentBasepoint);
    }
}
