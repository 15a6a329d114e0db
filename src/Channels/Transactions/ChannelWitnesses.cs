using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Channels.Transactions;

/// <summary>
/// The witness stacks that spend each BOLT 3 output, beside the scripts in
/// <see cref="ChannelScripts"/>. Signatures are DER with the SIGHASH_ALL byte.
/// </summary>
public static class ChannelWitnesses
{
    /// <summary>
    /// BOLT 3 "Commitment Transaction" / "Legacy Closing Transaction":
    /// <c>0 &lt;signature_for_pubkey1&gt; &lt;signature_for_pubkey2&gt;</c>, ordered like the funding keys.
    /// </summary>
    public static Witness Funding(PublicKey localFundingKey, EcdsaSignature localSignature, PublicKey remoteFundingKey, EcdsaSignature remoteSignature)
    {
        bool localFirst = localFundingKey.CompareTo(remoteFundingKey) < 0;
        var first = localFirst ? localSignature : remoteSignature;
        var second = localFirst ? remoteSignature : localSignature;
        return new Witness([[], WithSigHashAll(first), WithSigHashAll(second), ChannelScripts.Funding(localFundingKey, remoteFundingKey).ToBytes()]);
    }

    /// <summary>BOLT 3 "<c>to_local</c> Output": <c>&lt;local_delayedsig&gt; &lt;&gt;</c> after <c>to_self_delay</c>.</summary>
    public static Witness ToLocalDelayed(EcdsaSignature localDelayedSignature, Script toLocalScript) =>
        new([WithSigHashAll(localDelayedSignature), [], toLocalScript.ToBytes()]);

    /// <summary>BOLT 3 "<c>to_local</c> Output", revoked: <c>&lt;revocation_sig&gt; 1</c>.</summary>
    public static Witness ToLocalPenalty(EcdsaSignature revocationSignature, Script toLocalScript) =>
        new([WithSigHashAll(revocationSignature), [1], toLocalScript.ToBytes()]);

    /// <summary>
    /// BOLT 3 "Offered HTLC Outputs" and "Received HTLC Outputs", revoked:
    /// <c>&lt;revocation_sig&gt; &lt;revocationpubkey&gt;</c>.
    /// </summary>
    public static Witness HtlcPenalty(EcdsaSignature revocationSignature, PublicKey revocationPubKey, Script htlcScript) =>
        new([WithSigHashAll(revocationSignature), revocationPubKey.ToBytes(), htlcScript.ToBytes()]);

    /// <summary>
    /// BOLT 3 "HTLC-Timeout and HTLC-Success Transactions":
    /// <c>0 &lt;remotehtlcsig&gt; &lt;localhtlcsig&gt; &lt;payment_preimage&gt;</c> for success,
    /// an empty preimage for timeout.
    /// </summary>
    public static Witness HtlcTransaction(EcdsaSignature remoteHtlcSignature, EcdsaSignature localHtlcSignature, ReadOnlySpan<byte> paymentPreimage, Script htlcScript) =>
        new([[], WithSigHashAll(remoteHtlcSignature), WithSigHashAll(localHtlcSignature), paymentPreimage.ToArray(), htlcScript.ToBytes()]);

    public static byte[] WithSigHashAll(EcdsaSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var der = signature.ToDer();
        var result = new byte[der.Length + 1];
        der.CopyTo(result, 0);
        result[^1] = (byte)SigHashType.All;
        return result;
    }
}
