using System.Security.Cryptography;
using static Microchannels.Bitcoin.Crypto.Secp256k1Native;

namespace Microchannels.Bitcoin.Crypto;

/// <summary>
/// A secp256k1 secret key: a scalar in [1, n-1]. The 32 secret bytes live in
/// one array on the pinned object heap, so the GC never copies them elsewhere,
/// and <see cref="Dispose"/> (or, failing that, the finalizer) zeroes them.
/// Every operation returns a new key; none changes this one. After
/// <see cref="Dispose"/> every member throws <see cref="ObjectDisposedException"/>.
/// <see cref="object.ToString"/> is deliberately not overridden: the key never
/// appears in logs.
/// </summary>
public sealed unsafe class PrivateKey : IDisposable, IEquatable<PrivateKey>
{
    public const int Size = 32;

    private readonly byte[] _secret;
    private PublicKey? _publicKey;
    private volatile bool _disposed;

    /// <param name="pinnedSecret">A valid secret from <see cref="AllocateSecret"/>; this instance takes ownership.</param>
    private PrivateKey(byte[] pinnedSecret)
    {
        _secret = pinnedSecret;
    }

    ~PrivateKey()
    {
        CryptographicOperations.ZeroMemory(_secret);
    }

    /// <summary>The public key secret·G, computed on first use and cached.</summary>
    public PublicKey PublicKey
    {
        get
        {
            ThrowIfDisposed();

            // A race computes the same immutable value twice; either result is correct.
            return _publicKey ??= ComputePublicKey();
        }
    }

    /// <exception cref="InvalidKeyException">Not 32 bytes, zero, or not below the curve order n.</exception>
    public static PrivateKey FromBytes(ReadOnlySpan<byte> secret32)
    {
        if (secret32.Length != Size)
        {
            throw new InvalidKeyException($"A private key is exactly {Size} bytes, got {secret32.Length}.");
        }

        var secret = AllocateSecret();
        secret32.CopyTo(secret);
        if (!IsValidSecret(secret))
        {
            CryptographicOperations.ZeroMemory(secret);
            throw Failure(new InvalidKeyException("A private key must be in [1, n-1]: it is zero or not below the curve order n."));
        }

        return new PrivateKey(secret);
    }

    /// <summary>A fresh key from the operating system's CSPRNG.</summary>
    public static PrivateKey Generate()
    {
        var secret = AllocateSecret();

        // An out-of-range draw has probability about 2^-128; draw again if it happens.
        do
        {
            RandomNumberGenerator.Fill(secret);
        }
        while (!IsValidSecret(secret));

        return new PrivateKey(secret);
    }

    /// <summary>
    /// Signs a 32-byte message hash with RFC 6979 deterministic nonces
    /// (libsecp256k1's default nonce function). The result is always lower-S
    /// (secp256k1.h, secp256k1_ecdsa_sign), and is verified before it is
    /// returned, as Bitcoin Core's CKey::Sign does, so a computation fault can
    /// never release a signature that leaks the key. That check costs one
    /// verification per signature (raw secp256k1_ecdsa_sign is cheaper).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="messageHash32"/> is not 32 bytes.</exception>
    public EcdsaSignature Sign(ReadOnlySpan<byte> messageHash32)
    {
        RequireScalarLength(messageHash32, nameof(messageHash32));
        ThrowIfDisposed();
        var native = new byte[SignatureStructSize];
        int signed;
        fixed (byte* sig = native)
        fixed (byte* hash = messageHash32)
        fixed (byte* secret = _secret)
        {
            signed = EcdsaSign(Context, sig, hash, secret, nonceFunction: 0, nonceData: 0);
        }

        if (signed != 1)
        {
            throw Failure(new InvalidOperationException("secp256k1_ecdsa_sign failed for a valid key."));
        }

        var signature = EcdsaSignature.FromNative(native);
        if (!signature.IsLowS)
        {
            throw new InvalidOperationException("secp256k1_ecdsa_sign returned a high-S signature, which its contract forbids.");
        }

        if (!PublicKey.Verify(messageHash32, signature))
        {
            throw new CryptographicException("A fresh signature failed verification; refusing to release it.");
        }

        return signature;
    }

    /// <summary>
    /// BOLT 8, "Handshake State": ECDH(k, rk) = SHA-256 of the compressed
    /// point k·rk, 32 bytes (libsecp256k1's default ECDH hash). The result is
    /// secret material: zero it when done.
    /// </summary>
    public byte[] Ecdh(PublicKey remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ThrowIfDisposed();
        var shared = new byte[32];
        int derived;
        fixed (byte* output = shared)
        fixed (byte* pubKey = remote.Native)
        fixed (byte* secret = _secret)
        {
            derived = Secp256k1Native.Ecdh(Context, output, pubKey, secret, hashFunction: 0, data: 0);
        }

        return derived == 1
            ? shared
            : throw Failure(new InvalidOperationException("secp256k1_ecdh failed for a valid key."));
    }

    /// <summary>Returns (this + tweak) mod n.</summary>
    /// <exception cref="InvalidKeyException">The tweak is not below n, or the sum is zero.</exception>
    public PrivateKey TweakAdd(ReadOnlySpan<byte> tweak32)
    {
        RequireScalarLength(tweak32, nameof(tweak32));
        return Derive(tweak32, &AddTweak, "Tweak is not below the curve order n, or the tweaked key would be zero.");
    }

    /// <summary>Returns (this · tweak) mod n.</summary>
    /// <exception cref="InvalidKeyException">The tweak is zero or not below n.</exception>
    public PrivateKey TweakMultiply(ReadOnlySpan<byte> tweak32)
    {
        RequireScalarLength(tweak32, nameof(tweak32));
        return Derive(tweak32, &MultiplyTweak, "Multiplication tweak is zero or not below the curve order n.");
    }

    /// <summary>Scalar addition (this + other) mod n.</summary>
    /// <exception cref="InvalidKeyException">other = -this, so the sum is zero.</exception>
    public PrivateKey Add(PrivateKey other)
    {
        ArgumentNullException.ThrowIfNull(other);
        other.ThrowIfDisposed();
        return Derive(other._secret, &AddTweak, "The two private keys sum to zero.");
    }

    /// <summary>Returns n - this.</summary>
    public PrivateKey Negate() =>
        Derive(ReadOnlySpan<byte>.Empty, &NegateSecret, "secp256k1_ec_seckey_negate rejected a valid key.");

    /// <summary>
    /// A copy of the 32 secret bytes. This is secret material: the caller owns
    /// the copy and should zero it (CryptographicOperations.ZeroMemory) when done.
    /// </summary>
    public byte[] ToBytes()
    {
        ThrowIfDisposed();
        return (byte[])_secret.Clone();
    }

    /// <summary>Compares the secrets in constant time.</summary>
    public bool Equals(PrivateKey? other)
    {
        ThrowIfDisposed();
        if (other is null)
        {
            return false;
        }

        other.ThrowIfDisposed();
        return CryptographicOperations.FixedTimeEquals(_secret, other._secret);
    }

    public override bool Equals(object? obj) => Equals(obj as PrivateKey);

    /// <summary>
    /// Hashes the public key, so equal secrets hash alike without exposing the
    /// secret. Like every member, throws once the key is disposed.
    /// </summary>
    public override int GetHashCode() => PublicKey.GetHashCode();

    /// <summary>Zeroes the secret. Idempotent.</summary>
    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_secret);
        GC.SuppressFinalize(this);
    }

    private static byte[] AllocateSecret() => GC.AllocateArray<byte>(Size, pinned: true);

    private static bool IsValidSecret(byte[] secret)
    {
        fixed (byte* pointer = secret)
        {
            return EcSecKeyVerify(Context, pointer) == 1;
        }
    }

    private static int AddTweak(byte* secret, byte* tweak) => EcSecKeyTweakAdd(Context, secret, tweak);

    private static int MultiplyTweak(byte* secret, byte* tweak) => EcSecKeyTweakMul(Context, secret, tweak);

    private static int NegateSecret(byte* secret, byte* unused) => EcSecKeyNegate(Context, secret);

    private PrivateKey Derive(ReadOnlySpan<byte> tweak32, delegate*<byte*, byte*, int> operation, string failure)
    {
        ThrowIfDisposed();
        var result = AllocateSecret();
        _secret.CopyTo(result);
        int succeeded;
        fixed (byte* secret = result)
        fixed (byte* tweak = tweak32)
        {
            succeeded = operation(secret, tweak);
        }

        if (succeeded != 1)
        {
            CryptographicOperations.ZeroMemory(result);
            throw Failure(new InvalidKeyException(failure));
        }

        return new PrivateKey(result);
    }

    private PublicKey ComputePublicKey()
    {
        var native = new byte[PubKeyStructSize];
        int created;
        fixed (byte* pubKey = native)
        fixed (byte* secret = _secret)
        {
            created = EcPubKeyCreate(Context, pubKey, secret);
        }

        return created == 1
            ? new PublicKey(native)
            : throw Failure(new InvalidOperationException("secp256k1_ec_pubkey_create failed for a valid key."));
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
