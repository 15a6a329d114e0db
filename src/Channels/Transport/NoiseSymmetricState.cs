using System.Security.Cryptography;
using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Channels.Transport;

/// <summary>
/// The running handshake state of BOLT 8, "Handshake State": the chaining key
/// <c>ck</c>, the handshake hash <c>h</c> and the current intermediate key
/// <c>temp_k</c>. Every secret is wiped by <see cref="Dispose"/>.
/// </summary>
internal sealed class NoiseSymmetricState : IDisposable
{
    private const int Size = Hashes.Sha256Size;

    private readonly byte[] _chainingKey = new byte[Size];
    private readonly byte[] _handshakeHash = new byte[Size];
    private readonly byte[] _temporaryKey = new byte[Size];

    /// <summary>
    /// BOLT 8, "Handshake State Initialization": h = SHA-256(protocolName); ck = h;
    /// h = SHA-256(h || prologue); then h = SHA-256(h || responder's static key).
    /// </summary>
    public NoiseSymmetricState(ReadOnlySpan<byte> responderStaticKey)
    {
        Hashes.Sha256("Noise_XK_secp256k1_ChaChaPoly_SHA256"u8, _handshakeHash);
        _handshakeHash.CopyTo(_chainingKey);
        MixHash("lightning"u8);
        MixHash(responderStaticKey);
    }

    internal ReadOnlySpan<byte> HandshakeHash => _handshakeHash;

    internal ReadOnlySpan<byte> ChainingKey => _chainingKey;

    /// <summary><c>h = SHA-256(h || data)</c>.</summary>
    public void MixHash(ReadOnlySpan<byte> data)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(_handshakeHash);
        sha.AppendData(data);
        sha.GetHashAndReset(_handshakeHash);
    }

    /// <summary><c>ck, temp_k = HKDF(ck, ss)</c>; the shared secret is wiped afterwards.</summary>
    public void MixKey(byte[] sharedSecret)
    {
        try
        {
            var (chainingKey, temporaryKey) = Hashes.HkdfTwoKeys(_chainingKey, sharedSecret);
            chainingKey.CopyTo(_chainingKey);
            temporaryKey.CopyTo(_temporaryKey);
            CryptographicOperations.ZeroMemory(chainingKey);
            CryptographicOperations.ZeroMemory(temporaryKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sharedSecret);
        }
    }

    /// <summary><c>c = encryptWithAD(temp_k, n, h, plaintext)</c>; then <c>h = SHA-256(h || c)</c>.</summary>
    public void EncryptAndHash(ulong nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext)
    {
        NoiseAead.Encrypt(_temporaryKey, nonce, _handshakeHash, plaintext, ciphertext);
        MixHash(ciphertext);
    }

    /// <summary>
    /// <c>p = decryptWithAD(temp_k, n, h, c)</c>; only if the MAC verifies,
    /// <c>h = SHA-256(h || c)</c>. Returns false on a MAC failure.
    /// </summary>
    public bool TryDecryptAndHash(ulong nonce, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext)
    {
        if (!NoiseAead.TryDecrypt(_temporaryKey, nonce, _handshakeHash, ciphertext, plaintext))
        {
            return false;
        }

        MixHash(ciphertext);
        return true;
    }

    /// <summary>
    /// Act three, step 6 (initiator) / step 9 (responder): <c>k1, k2 = HKDF(ck, zero)</c>.
    /// The initiator sends with k1; the responder receives with k1. Each direction
    /// starts with nonce 0 and chaining key <c>ck</c>.
    /// </summary>
    public (CipherState First, CipherState Second) Split()
    {
        var (first, second) = Hashes.HkdfTwoKeys(_chainingKey, ReadOnlySpan<byte>.Empty);
        try
        {
            return (new CipherState(first, _chainingKey), new CipherState(second, _chainingKey));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(first);
            CryptographicOperations.ZeroMemory(second);
        }
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_chainingKey);
        CryptographicOperations.ZeroMemory(_handshakeHash);
        CryptographicOperations.ZeroMemory(_temporaryKey);
    }
}
