using System.Diagnostics.CodeAnalysis;
using static Microchannels.Bitcoin.Crypto.Secp256k1Native;

namespace Microchannels.Bitcoin.Crypto;

/// <summary>
/// A point on secp256k1 other than infinity. Immutable. Always serialized in
/// the 33-byte compressed form (BOLT 3 and BOLT 8 use only that form); parsing
/// also accepts the 65-byte uncompressed form. Safe to share between threads.
/// </summary>
public sealed unsafe class PublicKey : IEquatable<PublicKey>, IComparable<PublicKey>
{
    public const int CompressedSize = 33;
    public const int UncompressedSize = 65;

    private readonly byte[] _compressed;

    // The parsed secp256k1_pubkey, kept so sign/verify/tweak/ECDH skip a re-parse.
    private readonly byte[] _native;

    /// <param name="native">A secp256k1_pubkey the library filled in; this instance takes ownership.</param>
    internal PublicKey(byte[] native)
    {
        _native = native;
        _compressed = new byte[CompressedSize];
        nuint length = CompressedSize;
        int serialized;
        fixed (byte* output = _compressed)
        fixed (byte* pubKey = _native)
        {
            serialized = EcPubKeySerialize(Context, output, &length, pubKey, EcCompressed);
        }

        if (serialized != 1 || length != CompressedSize)
        {
            throw Failure(new InvalidOperationException("secp256k1_ec_pubkey_serialize failed on a parsed key."));
        }
    }

    /// <summary>The 33 compressed bytes, without a copy.</summary>
    public ReadOnlySpan<byte> Span => _compressed;

    /// <summary>The parsed secp256k1_pubkey (64 bytes) for native calls.</summary>
    internal ReadOnlySpan<byte> Native => _native;

    /// <summary>
    /// Parses a compressed (33 bytes, prefix 02 or 03) or uncompressed (65 bytes,
    /// prefix 04) SEC 1 encoding. Hybrid encodings (06, 07), which
    /// libsecp256k1 would accept, are rejected: Bitcoin policy treats them as
    /// non-standard and no protocol we speak uses them.
    /// </summary>
    /// <exception cref="InvalidKeyException">Wrong length or prefix, or not a point on the curve.</exception>
    public static PublicKey FromBytes(ReadOnlySpan<byte> encoded) =>
        Parse(encoded, out var error) ?? throw new InvalidKeyException(error!);

    public static bool TryFromBytes(ReadOnlySpan<byte> encoded, [NotNullWhen(true)] out PublicKey? key)
    {
        key = Parse(encoded, out _);
        return key is not null;
    }

    /// <summary>A fresh copy of the 33 compressed bytes.</summary>
    public byte[] ToBytes() => (byte[])_compressed.Clone();

    public ReadOnlySpan<byte> AsSpan() => _compressed;

    /// <summary>
    /// True when <paramref name="signature"/> is a valid ECDSA signature of
    /// <paramref name="messageHash32"/> by this key. libsecp256k1 accepts only
    /// lower-S signatures (secp256k1.h, secp256k1_ecdsa_verify), so a high-S
    /// signature, though mathematically valid, returns false; call
    /// <see cref="EcdsaSignature.Normalize"/> first where high-S must be accepted.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="messageHash32"/> is not 32 bytes.</exception>
    public bool Verify(ReadOnlySpan<byte> messageHash32, EcdsaSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        RequireScalarLength(messageHash32, nameof(messageHash32));
        int verified;
        fixed (byte* sig = signature.Native)
        fixed (byte* hash = messageHash32)
        fixed (byte* pubKey = _native)
        {
            verified = EcdsaVerify(Context, sig, hash, pubKey);
        }

        ThrowIfIllegalArgument();
        return verified == 1;
    }

    /// <summary>Returns this + tweak·G.</summary>
    /// <exception cref="InvalidKeyException">The tweak is not below n, or the sum is the point at infinity.</exception>
    public PublicKey TweakAdd(ReadOnlySpan<byte> tweak32) =>
        Tweak(tweak32, &EcPubKeyTweakAdd, "Tweak is not below the curve order n, or adding tweak·G gives the point at infinity.");

    /// <summary>Returns tweak·this.</summary>
    /// <exception cref="InvalidKeyException">The tweak is zero or not below n.</exception>
    public PublicKey TweakMultiply(ReadOnlySpan<byte> tweak32) =>
        Tweak(tweak32, &EcPubKeyTweakMul, "Multiplication tweak is zero or not below the curve order n.");

    /// <summary>Point addition: this + other.</summary>
    /// <exception cref="InvalidKeyException">other = -this, so the sum is the point at infinity.</exception>
    public PublicKey Add(PublicKey other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Combine([this, other]);
    }

    /// <summary>The sum of one or more points (secp256k1_ec_pubkey_combine).</summary>
    /// <exception cref="ArgumentException"><paramref name="keys"/> is empty or holds null.</exception>
    /// <exception cref="InvalidKeyException">The sum is the point at infinity.</exception>
    public static PublicKey Combine(ReadOnlySpan<PublicKey> keys)
    {
        // secp256k1.h requires n >= 1; passing 0 is an illegal argument.
        if (keys.IsEmpty)
        {
            throw new ArgumentException("Combine needs at least one public key.", nameof(keys));
        }

        // The library wants an array of pointers to structs; copying the 64-byte
        // structs into one pinned buffer avoids pinning each key's array.
        var structs = keys.Length <= 8 ? stackalloc byte[keys.Length * PubKeyStructSize] : new byte[keys.Length * PubKeyStructSize];
        for (var i = 0; i < keys.Length; i++)
        {
            var key = keys[i] ?? throw new ArgumentException($"keys[{i}] is null.", nameof(keys));
            key._native.CopyTo(structs.Slice(i * PubKeyStructSize, PubKeyStructSize));
        }

        var result = new byte[PubKeyStructSize];
        var pointers = keys.Length <= 8 ? stackalloc nint[keys.Length] : new nint[keys.Length];
        int combined;
        fixed (byte* first = structs)
        fixed (nint* pointerArray = pointers)
        fixed (byte* output = result)
        {
            for (var i = 0; i < keys.Length; i++)
            {
                pointerArray[i] = (nint)(first + (i * PubKeyStructSize));
            }

            combined = EcPubKeyCombine(Context, output, (byte**)pointerArray, (nuint)keys.Length);
        }

        return combined == 1
            ? new PublicKey(result)
            : throw Failure(new InvalidKeyException("The public keys sum to the point at infinity."));
    }

    /// <summary>
    /// Lexicographic order of the 33 compressed bytes: BOLT 3, "Funding
    /// Transaction Output" orders the two funding pubkeys this way.
    /// </summary>
    public int CompareTo(PublicKey? other) =>
        other is null ? 1 : _compressed.AsSpan().SequenceCompareTo(other._compressed);

    public bool Equals(PublicKey? other) =>
        other is not null && _compressed.AsSpan().SequenceEqual(other._compressed);

    public override bool Equals(object? obj) => Equals(obj as PublicKey);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_compressed);
        return hash.ToHashCode();
    }

    /// <summary>The compressed encoding in lowercase hex.</summary>
    public override string ToString() => Convert.ToHexStringLower(_compressed);

    private static PublicKey? Parse(ReadOnlySpan<byte> encoded, out string? error)
    {
        var shapeOk = encoded.Length switch
        {
            CompressedSize => encoded[0] is 0x02 or 0x03,
            UncompressedSize => encoded[0] == 0x04,
            _ => false,
        };
        if (!shapeOk)
        {
            var prefix = encoded.IsEmpty ? "nothing" : $"0x{encoded[0]:x2}";
            error = $"A public key is 33 bytes starting 02/03 or 65 bytes starting 04; got {encoded.Length} bytes starting {prefix}.";
            return null;
        }

        var native = new byte[PubKeyStructSize];
        int parsed;
        fixed (byte* pubKey = native)
        fixed (byte* input = encoded)
        {
            parsed = EcPubKeyParse(Context, pubKey, input, (nuint)encoded.Length);
        }

        if (parsed != 1)
        {
            // Not an illegal argument either: a bug must surface, not read as bad input.
            ThrowIfIllegalArgument();
            error = "The bytes do not encode a point on secp256k1 (x not on the curve, x or y not below p, or y does not match).";
            return null;
        }

        error = null;
        return new PublicKey(native);
    }

    private PublicKey Tweak(ReadOnlySpan<byte> tweak32, delegate*<nint, byte*, byte*, int> operation, string failure)
    {
        RequireScalarLength(tweak32, nameof(tweak32));
        var result = (byte[])_native.Clone();
        int tweaked;
        fixed (byte* pubKey = result)
        fixed (byte* tweak = tweak32)
        {
            tweaked = operation(Context, pubKey, tweak);
        }

        return tweaked == 1 ? new PublicKey(result) : throw Failure(new InvalidKeyException(failure));
    }
}
