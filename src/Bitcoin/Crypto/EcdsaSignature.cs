using static Microchannels.Bitcoin.Crypto.Secp256k1Native;

namespace Microchannels.Bitcoin.Crypto;

/// <summary>
/// An ECDSA signature over secp256k1, held as the 64-byte compact form
/// r || s (each 32 bytes, big-endian), the form BOLT 2 messages carry
/// (BOLT 1, "Fundamental Types": signature). Immutable and thread-safe.
/// Both r and s are in [1, n-1]: no signature outside that range can verify,
/// so the parsers reject it as malformed instead of carrying it around.
/// </summary>
public sealed unsafe class EcdsaSignature : IEquatable<EcdsaSignature>
{
    public const int CompactSize = 64;

    /// <summary>Largest strict-DER encoding: 30 46 02 21 (00 r) 02 21 (00 s).</summary>
    public const int MaxDerSize = 72;

    private readonly byte[] _compact;

    // The parsed secp256k1_ecdsa_signature, kept for verify and normalize.
    private readonly byte[] _native;

    private EcdsaSignature(byte[] native, byte[] compact)
    {
        _native = native;
        _compact = compact;
        int wasHigh;
        fixed (byte* sig = _native)
        {
            // With a null output, normalize only answers whether it was high-S.
            wasHigh = EcdsaSignatureNormalize(Context, null, sig);
        }

        ThrowIfIllegalArgument();
        IsLowS = wasHigh == 0;
    }

    /// <summary>
    /// True when s ≤ n/2. Bitcoin Core's standardness rule (BIP 146, LOW_S)
    /// and libsecp256k1's verifier both require it; <see cref="PrivateKey.Sign"/>
    /// always produces it.
    /// </summary>
    public bool IsLowS { get; }

    /// <summary>The parsed secp256k1_ecdsa_signature (64 bytes) for native calls.</summary>
    internal ReadOnlySpan<byte> Native => _native;

    /// <exception cref="InvalidSignatureException">Not 64 bytes, or r or s is zero or not below n.</exception>
    public static EcdsaSignature FromCompact(ReadOnlySpan<byte> compact64)
    {
        if (compact64.Length != CompactSize)
        {
            throw new InvalidSignatureException($"A compact signature is exactly {CompactSize} bytes, got {compact64.Length}.");
        }

        var native = new byte[SignatureStructSize];
        int parsed;
        fixed (byte* sig = native)
        fixed (byte* input = compact64)
        {
            parsed = EcdsaSignatureParseCompact(Context, sig, input);
        }

        if (parsed != 1)
        {
            throw Failure(new InvalidSignatureException("Compact signature has r or s not below the curve order n."));
        }

        return FromNative(native);
    }

    /// <summary>
    /// Parses strict DER (X.690 as BIP 66 restricts it): no trailing bytes, exact
    /// lengths, minimal integers, no negative r or s. Does not accept a trailing
    /// sighash byte; strip it first.
    /// </summary>
    /// <exception cref="InvalidSignatureException">Any encoding error, or r or s is zero or not below n.</exception>
    public static EcdsaSignature FromDer(ReadOnlySpan<byte> der)
    {
        if (der.IsEmpty)
        {
            throw new InvalidSignatureException("A DER signature cannot be empty.");
        }

        var native = new byte[SignatureStructSize];
        int parsed;
        fixed (byte* sig = native)
        fixed (byte* input = der)
        {
            parsed = EcdsaSignatureParseDer(Context, sig, input, (nuint)der.Length);
        }

        if (parsed != 1)
        {
            throw Failure(new InvalidSignatureException("Signature is not strict DER (bad tag, length, padding, sign, or trailing bytes)."));
        }

        // secp256k1_ecdsa_signature_parse_der accepts a well-formed integer
        // that is not below n and stores it as zero; FromNative rejects that.
        return FromNative(native);
    }

    /// <summary>r || s, 64 bytes, a fresh copy.</summary>
    public byte[] ToCompact() => (byte[])_compact.Clone();

    /// <summary>Strict DER, at most <see cref="MaxDerSize"/> bytes, without a sighash byte.</summary>
    public byte[] ToDer()
    {
        Span<byte> output = stackalloc byte[MaxDerSize];
        nuint length = MaxDerSize;
        int serialized;
        fixed (byte* outputPointer = output)
        fixed (byte* sig = _native)
        {
            serialized = EcdsaSignatureSerializeDer(Context, outputPointer, &length, sig);
        }

        if (serialized != 1 || length > MaxDerSize)
        {
            throw Failure(new InvalidOperationException("secp256k1_ecdsa_signature_serialize_der failed on a parsed signature."));
        }

        return output[..(int)length].ToArray();
    }

    /// <summary>The lower-S equivalent (s replaced by n - s when s &gt; n/2); this instance if already low-S.</summary>
    public EcdsaSignature Normalize()
    {
        if (IsLowS)
        {
            return this;
        }

        var normalized = new byte[SignatureStructSize];
        fixed (byte* output = normalized)
        fixed (byte* input = _native)
        {
            // Returns 1 ("was high-S"), which we know already; nothing to check.
            _ = EcdsaSignatureNormalize(Context, output, input);
        }

        ThrowIfIllegalArgument();
        return FromNative(normalized);
    }

    public bool Equals(EcdsaSignature? other) =>
        other is not null && _compact.AsSpan().SequenceEqual(other._compact);

    public override bool Equals(object? obj) => Equals(obj as EcdsaSignature);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_compact);
        return hash.ToHashCode();
    }

    /// <summary>The compact form r || s in lowercase hex.</summary>
    public override string ToString() => Convert.ToHexStringLower(_compact);

    /// <param name="native">A secp256k1_ecdsa_signature the library filled in; the result takes ownership.</param>
    /// <exception cref="InvalidSignatureException">r or s is zero.</exception>
    internal static EcdsaSignature FromNative(byte[] native)
    {
        var compact = new byte[CompactSize];
        int serialized;
        fixed (byte* output = compact)
        fixed (byte* sig = native)
        {
            serialized = EcdsaSignatureSerializeCompact(Context, output, sig);
        }

        if (serialized != 1)
        {
            throw Failure(new InvalidOperationException("secp256k1_ecdsa_signature_serialize_compact failed."));
        }

        if (IsZero(compact.AsSpan(0, 32)) || IsZero(compact.AsSpan(32, 32)))
        {
            throw new InvalidSignatureException("Signature has r or s equal to zero (or not below n in DER), which no key can produce.");
        }

        return new EcdsaSignature(native, compact);
    }

    private static bool IsZero(ReadOnlySpan<byte> value) => value.IndexOfAnyExcept((byte)0) < 0;
}
