using System.Security.Cryptography;
using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Channels.Transport;

/// <summary>
/// One direction of a BOLT 8 session after the handshake: a ChaCha20-Poly1305 key,
/// its 64-bit nonce and the chaining key it rotates with (<c>sk, sn, sck</c> for
/// sending, <c>rk, rn, rck</c> for receiving). Each encryption or decryption uses
/// one nonce; a Lightning message uses two (length, then body).
/// Not thread-safe: each direction has exactly one user at a time.
/// </summary>
public sealed class CipherState : IDisposable
{
    /// <summary>BOLT 8, "Lightning Message Key Rotation": rotate once the nonce reaches 1000.</summary>
    public const ulong RotationInterval = 1000;

    public const int KeySize = NoiseAead.KeySize;
    public const int TagSize = NoiseAead.TagSize;

    private readonly byte[] _key = new byte[KeySize];
    private readonly byte[] _chainingKey = new byte[KeySize];
    private ChaCha20Poly1305 _cipher;
    private ulong _nonce;
    private bool _unusable;

    public CipherState(ReadOnlySpan<byte> key, ReadOnlySpan<byte> chainingKey)
    {
        if (key.Length != KeySize || chainingKey.Length != KeySize)
        {
            throw new ArgumentException($"BOLT 8 keys and chaining keys are {KeySize} bytes.");
        }

        key.CopyTo(_key);
        chainingKey.CopyTo(_chainingKey);
        _cipher = NoiseAead.CreateCipher(_key);
    }

    /// <summary>The nonce the next operation will use (0..999).</summary>
    public ulong Nonce => _nonce;

    /// <summary>The current key, for checking against the spec's vectors.</summary>
    internal ReadOnlySpan<byte> Key => _key;

    internal ReadOnlySpan<byte> ChainingKey => _chainingKey;

    /// <summary>
    /// <c>encryptWithAD(k, n, zero-length AD, plaintext)</c> into
    /// <paramref name="destination"/> (plaintext length + 16 bytes), then advances the nonce.
    /// </summary>
    public void Encrypt(ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        EnsureUsable();
        NoiseAead.Encrypt(_cipher, _nonce, ReadOnlySpan<byte>.Empty, plaintext, destination);
        Advance();
    }

    /// <summary>
    /// <c>decryptWithAD(k, n, zero-length AD, ciphertext)</c>. On a MAC failure returns
    /// false, writes nothing usable and makes this state unusable: BOLT 8 gives no way
    /// to resynchronise, so the connection must be dropped.
    /// </summary>
    public bool TryDecrypt(ReadOnlySpan<byte> ciphertextAndTag, Span<byte> destination)
    {
        EnsureUsable();
        if (!NoiseAead.TryDecrypt(_cipher, _nonce, ReadOnlySpan<byte>.Empty, ciphertextAndTag, destination))
        {
            Dispose();
            return false;
        }

        Advance();
        return true;
    }

    public void Dispose()
    {
        _unusable = true;
        CryptographicOperations.ZeroMemory(_key);
        CryptographicOperations.ZeroMemory(_chainingKey);
        _cipher.Dispose();
    }

    // BOLT 8, "Lightning Message Key Rotation": "rotating the key once the nonce
    // dedicated to it reaches 1000": ck', k' = HKDF(ck, k); n = 0; k = k'; ck = ck'.
    private void Advance()
    {
        _nonce++;
        if (_nonce < RotationInterval)
        {
            return;
        }

        var (nextChainingKey, nextKey) = Hashes.HkdfTwoKeys(_chainingKey, _key);
        nextChainingKey.CopyTo(_chainingKey);
        nextKey.CopyTo(_key);
        CryptographicOperations.ZeroMemory(nextChainingKey);
        CryptographicOperations.ZeroMemory(nextKey);
        _cipher.Dispose();
        _cipher = NoiseAead.CreateCipher(_key);
        _nonce = 0;
    }

    private void EnsureUsable() => ObjectDisposedException.ThrowIf(_unusable, this);
}
