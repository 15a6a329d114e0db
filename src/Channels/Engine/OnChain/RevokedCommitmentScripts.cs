using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Channels.Transactions;

namespace Microchannels.Channels.Engine.OnChain;

/// <summary>
/// The output scripts of a peer commitment rebuilt from what a victim still has after the
/// spec is gone (BOLT 5 "Revoked Transaction Close Handling"): the peer's point for that
/// commitment (from the revealed secret), both sides' basepoints and the
/// <c>to_self_delay</c> we imposed on the peer. BOLT 3 "Key Derivation" with the peer as
/// the commitment's owner: <c>revocationpubkey</c> comes from OUR <c>revocation_basepoint</c>,
/// <c>local_delayedpubkey</c> from the peer's <c>delayed_payment_basepoint</c>, and, under
/// <c>option_static_remotekey</c>, <c>to_remote</c> pays our <c>payment_basepoint</c>.
/// </summary>
public sealed record RevokedCommitmentScripts(PublicKey RevocationPubKey, Script ToLocalWitnessScript, Script ToLocalScriptPubKey, Script ToRemoteScriptPubKey)
{
    public static RevokedCommitmentScripts Derive(ChannelParameters parameters, PublicKey remotePerCommitmentPoint)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(remotePerCommitmentPoint);
        var keys = CommitmentKeys.Derive(parameters.Remote.Basepoints, parameters.Local.Basepoints, remotePerCommitmentPoint);

        // BOLT 3 "to_local Output": the delay is the one the countersignatory (we) asked for.
        var toLocal = ChannelScripts.ToLocal(keys.RevocationPubKey, parameters.RemoteCommitmentParameters.ToSelfDelay, keys.LocalDelayedPubKey);
        return new RevokedCommitmentScripts(
            keys.RevocationPubKey,
            toLocal,
            StandardScripts.PayToWitnessScriptHash(toLocal),
            ChannelScripts.ToRemote(keys.RemotePaymentPubKey));
    }
}
