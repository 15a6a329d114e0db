using System.Diagnostics.CodeAnalysis;
using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Bitcoin.Scripts;

/// <summary>
/// The standard output scripts and their recognisers. Public keys are taken as
/// 33-byte compressed serializations; BIP 143 ("Restrictions on public key
/// type") makes anything else non-standard in segwit v0.
/// </summary>
public static class StandardScripts
{
    public const int CompressedPublicKeySize = 33;
    private const int WitnessV0KeyHashSize = 20;
    private const int WitnessV0ScriptHashSize = 32;

    /// <summary>BIP 141 P2WPKH: <c>OP_0 &lt;20-byte key hash&gt;</c>.</summary>
    public static Script PayToWitnessPubKeyHash(ReadOnlySpan<byte> pubKeyHash)
    {
        RequireLength(pubKeyHash, Hashes.Hash160Size, nameof(pubKeyHash));
        return new ScriptBuilder().Op(OpCode.OP_0).Push(pubKeyHash).Build();
    }

    /// <summary>BIP 141 P2WPKH for a compressed public key: <c>OP_0 &lt;HASH160(key)&gt;</c>.</summary>
    public static Script PayToWitnessPubKeyHashFromPublicKey(ReadOnlySpan<byte> compressedPublicKey) =>
        PayToWitnessPubKeyHash(HashCompressedPublicKey(compressedPublicKey));

    /// <summary>BIP 141 P2WSH: <c>OP_0 &lt;SHA256(witnessScript)&gt;</c>.</summary>
    public static Script PayToWitnessScriptHash(Script witnessScript)
    {
        ArgumentNullException.ThrowIfNull(witnessScript);
        return new ScriptBuilder().Op(OpCode.OP_0).Push(Hashes.Sha256(witnessScript.AsSpan())).Build();
    }

    /// <summary>P2PKH: <c>OP_DUP OP_HASH160 &lt;20-byte key hash&gt; OP_EQUALVERIFY OP_CHECKSIG</c>.</summary>
    public static Script PayToPubKeyHash(ReadOnlySpan<byte> pubKeyHash)
    {
        RequireLength(pubKeyHash, Hashes.Hash160Size, nameof(pubKeyHash));
        return new ScriptBuilder()
            .Op(OpCode.OP_DUP)
            .Op(OpCode.OP_HASH160)
            .Push(pubKeyHash)
            .Op(OpCode.OP_EQUALVERIFY)
            .Op(OpCode.OP_CHECKSIG)
            .Build();
    }

    /// <summary>BIP 16 P2SH: <c>OP_HASH160 &lt;20-byte script hash&gt; OP_EQUAL</c>.</summary>
    public static Script PayToScriptHash(ReadOnlySpan<byte> scriptHash)
    {
        RequireLength(scriptHash, Hashes.Hash160Size, nameof(scriptHash));
        return new ScriptBuilder().Op(OpCode.OP_HASH160).Push(scriptHash).Op(OpCode.OP_EQUAL).Build();
    }

    /// <summary>
    /// The BIP 143 scriptCode for signing a P2WPKH input: "For P2WPKH witness
    /// program, the scriptCode is 0x1976a914{20-byte-pubkey-hash}88ac", that is
    /// the P2PKH script of the same hash (the 0x19 is its length prefix, which
    /// the signature hash adds when it serializes the scriptCode).
    /// </summary>
    public static Script PayToWitnessPubKeyHashScriptCode(ReadOnlySpan<byte> pubKeyHash) => PayToPubKeyHash(pubKeyHash);

    /// <summary>The BIP 143 P2WPKH scriptCode for a compressed public key.</summary>
    public static Script PayToWitnessPubKeyHashScriptCodeFromPublicKey(ReadOnlySpan<byte> compressedPublicKey) =>
        PayToPubKeyHash(HashCompressedPublicKey(compressedPublicKey));

    /// <summary>
    /// BOLT 3, "Funding Transaction Output": <c>2 &lt;pubkey1&gt; &lt;pubkey2&gt; 2
    /// OP_CHECKMULTISIG</c>, "Where pubkey1 is the lexicographically lesser of the
    /// two funding_pubkey in compressed format, and where pubkey2 is the
    /// lexicographically greater of the two". This is the witness script; the
    /// output pays to its P2WSH.
    /// </summary>
    public static Script FundingMultisig2of2(ReadOnlySpan<byte> publicKeyA, ReadOnlySpan<byte> publicKeyB)
    {
        RequireCompressedPublicKey(publicKeyA, nameof(publicKeyA));
        RequireCompressedPublicKey(publicKeyB, nameof(publicKeyB));
        bool aFirst = publicKeyA.SequenceCompareTo(publicKeyB) <= 0;
        return new ScriptBuilder()
            .Op(OpCode.OP_2)
            .Push(aFirst ? publicKeyA : publicKeyB)
            .Push(aFirst ? publicKeyB : publicKeyA)
            .Op(OpCode.OP_2)
            .Op(OpCode.OP_CHECKMULTISIG)
            .Build();
    }

    /// <summary>A provably unspendable data carrier: <c>OP_RETURN &lt;data&gt;</c>.</summary>
    public static Script OpReturn(ReadOnlySpan<byte> data) => new ScriptBuilder().Op(OpCode.OP_RETURN).Push(data).Build();

    /// <summary>
    /// BIP 141, "Witness program": "A scriptPubKey (or redeemScript as defined in
    /// BIP16/P2SH) that consists of a 1-byte push opcode (for 0 to 16) followed
    /// by a data push between 2 and 40 bytes". Same test as Core's IsWitnessProgram.
    /// </summary>
    public static bool TryGetWitnessProgram(Script script, out int version, [NotNullWhen(true)] out byte[]? program)
    {
        ArgumentNullException.ThrowIfNull(script);
        ReadOnlySpan<byte> bytes = script.AsSpan();
        version = 0;
        program = null;
        if (bytes.Length is < 4 or > 42 || bytes[1] + 2 != bytes.Length)
        {
            return false;
        }

        var first = (OpCode)bytes[0];
        if (first == OpCode.OP_0)
        {
            version = 0;
        }
        else if (first is >= OpCode.OP_1 and <= OpCode.OP_16)
        {
            version = first - OpCode.OP_1 + 1;
        }
        else
        {
            return false;
        }

        program = bytes[2..].ToArray();
        return true;
    }

    /// <summary>Exactly <c>0x00 0x14 &lt;20 bytes&gt;</c> (BIP 141 P2WPKH).</summary>
    public static bool IsPayToWitnessPubKeyHash(Script script) => IsWitnessV0(script, WitnessV0KeyHashSize);

    /// <summary>Exactly <c>0x00 0x20 &lt;32 bytes&gt;</c> (BIP 141 P2WSH).</summary>
    public static bool IsPayToWitnessScriptHash(Script script) => IsWitnessV0(script, WitnessV0ScriptHashSize);

    private static bool IsWitnessV0(Script script, int programSize)
    {
        ArgumentNullException.ThrowIfNull(script);
        ReadOnlySpan<byte> bytes = script.AsSpan();
        return bytes.Length == programSize + 2 && bytes[0] == (byte)OpCode.OP_0 && bytes[1] == programSize;
    }

    private static byte[] HashCompressedPublicKey(ReadOnlySpan<byte> compressedPublicKey)
    {
        RequireCompressedPublicKey(compressedPublicKey, nameof(compressedPublicKey));
        return Hashes.Hash160(compressedPublicKey);
    }

    private static void RequireCompressedPublicKey(ReadOnlySpan<byte> key, string name)
    {
        if (key.Length != CompressedPublicKeySize || (key[0] != 0x02 && key[0] != 0x03))
        {
            throw new ArgumentException($"Expected a {CompressedPublicKeySize}-byte compressed public key (0x02/0x03 prefix), got {key.Length} bytes.", name);
        }
    }

    private static void RequireLength(ReadOnlySpan<byte> value, int length, string name)
    {
        if (value.Length != length)
        {
            throw new ArgumentException($"Expected {length} bytes, got {value.Length}.", name);
        }
    }
}
