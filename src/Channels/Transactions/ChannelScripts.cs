using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;

namespace Microchannels.Channels.Transactions;

/// <summary>
/// One method per BOLT 3 witness script, indented like the spec so each reads
/// against it. All are for channels without <c>option_anchors</c> and with
/// <c>option_static_remotekey</c> (DESIGN.md decision 1).
/// </summary>
public static class ChannelScripts
{
    /// <summary>
    /// BOLT 3 "Funding Transaction Output": <c>2 &lt;pubkey1&gt; &lt;pubkey2&gt; 2 OP_CHECKMULTISIG</c>,
    /// pubkey1 the lexicographically lesser compressed key.
    /// </summary>
    public static Script Funding(PublicKey a, PublicKey b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return StandardScripts.FundingMultisig2of2(a.AsSpan(), b.AsSpan());
    }

    /// <summary>
    /// BOLT 3 "<c>to_local</c> Output", also the output of HTLC-timeout and
    /// HTLC-success transactions ("HTLC-Timeout and HTLC-Success Transactions").
    /// </summary>
    public static Script ToLocal(PublicKey revocationPubKey, ushort toSelfDelay, PublicKey localDelayedPubKey) =>
        new ScriptBuilder()
            .Op(OpCode.OP_IF)
                .Push(revocationPubKey.AsSpan())
            .Op(OpCode.OP_ELSE)
                .Number(toSelfDelay)
                .Op(OpCode.OP_CHECKSEQUENCEVERIFY)
                .Op(OpCode.OP_DROP)
                .Push(localDelayedPubKey.AsSpan())
            .Op(OpCode.OP_ENDIF)
            .Op(OpCode.OP_CHECKSIG)
            .Build();

    /// <summary>
    /// BOLT 3 "<c>to_remote</c> Output" with <c>option_static_remotekey</c>: a
    /// P2WPKH to <c>remotepubkey</c>, which is the remote <c>payment_basepoint</c> itself.
    /// </summary>
    public static Script ToRemote(PublicKey remotePubKey) =>
        StandardScripts.PayToWitnessPubKeyHashFromPublicKey(remotePubKey.AsSpan());

    /// <summary>BOLT 3 "Offered HTLC Outputs" (no <c>option_anchors</c>).</summary>
    public static Script OfferedHtlc(PublicKey revocationPubKey, PublicKey localHtlcPubKey, PublicKey remoteHtlcPubKey, ReadOnlySpan<byte> paymentHash) =>
        new ScriptBuilder()
            // To remote node with revocation key
            .Op(OpCode.OP_DUP).Op(OpCode.OP_HASH160).Push(Hashes.Hash160(revocationPubKey.AsSpan())).Op(OpCode.OP_EQUAL)
            .Op(OpCode.OP_IF)
                .Op(OpCode.OP_CHECKSIG)
            .Op(OpCode.OP_ELSE)
                .Push(remoteHtlcPubKey.AsSpan()).Op(OpCode.OP_SWAP).Op(OpCode.OP_SIZE).Number(32).Op(OpCode.OP_EQUAL)
                .Op(OpCode.OP_NOTIF)
                    // To local node via HTLC-timeout transaction (timelocked).
                    .Op(OpCode.OP_DROP).Number(2).Op(OpCode.OP_SWAP).Push(localHtlcPubKey.AsSpan()).Number(2).Op(OpCode.OP_CHECKMULTISIG)
                .Op(OpCode.OP_ELSE)
                    // To remote node with preimage.
                    .Op(OpCode.OP_HASH160).Push(Ripemd160.Hash(PaymentHash(paymentHash))).Op(OpCode.OP_EQUALVERIFY)
                    .Op(OpCode.OP_CHECKSIG)
                .Op(OpCode.OP_ENDIF)
            .Op(OpCode.OP_ENDIF)
            .Build();

    /// <summary>BOLT 3 "Received HTLC Outputs" (no <c>option_anchors</c>).</summary>
    public static Script ReceivedHtlc(PublicKey revocationPubKey, PublicKey localHtlcPubKey, PublicKey remoteHtlcPubKey, ReadOnlySpan<byte> paymentHash, uint cltvExpiry) =>
        new ScriptBuilder()
            // To remote node with revocation key
            .Op(OpCode.OP_DUP).Op(OpCode.OP_HASH160).Push(Hashes.Hash160(revocationPubKey.AsSpan())).Op(OpCode.OP_EQUAL)
            .Op(OpCode.OP_IF)
                .Op(OpCode.OP_CHECKSIG)
            .Op(OpCode.OP_ELSE)
                .Push(remoteHtlcPubKey.AsSpan()).Op(OpCode.OP_SWAP).Op(OpCode.OP_SIZE).Number(32).Op(OpCode.OP_EQUAL)
                .Op(OpCode.OP_IF)
                    // To local node via HTLC-success transaction.
                    .Op(OpCode.OP_HASH160).Push(Ripemd160.Hash(PaymentHash(paymentHash))).Op(OpCode.OP_EQUALVERIFY)
                    .Number(2).Op(OpCode.OP_SWAP).Push(localHtlcPubKey.AsSpan()).Number(2).Op(OpCode.OP_CHECKMULTISIG)
                .Op(OpCode.OP_ELSE)
                    // To remote node after timeout.
                    .Op(OpCode.OP_DROP).Number(cltvExpiry).Op(OpCode.OP_CHECKLOCKTIMEVERIFY).Op(OpCode.OP_DROP)
                    .Op(OpCode.OP_CHECKSIG)
                .Op(OpCode.OP_ENDIF)
            .Op(OpCode.OP_ENDIF)
            .Build();

    private static ReadOnlySpan<byte> PaymentHash(ReadOnlySpan<byte> paymentHash) =>
        paymentHash.Length == 32 ? paymentHash : throw new ArgumentException("A payment hash is 32 bytes.", nameof(paymentHash));
}
