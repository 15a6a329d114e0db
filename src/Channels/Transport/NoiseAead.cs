using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Microchannels.Channels.Transport;

/// <summary>
/// BOLT 8's <c>encryptWithAD</c> / <c>decryptWithAD</c>: ChaCha20-Poly1305 (RFC 8439)
/// with a 96-bit nonce made of 32 zero bits followed by the 64-bit counter in
/// little-endian order (BOLT 8, "Handshake State": "this follows the Noise Protocol
/// convention, rather than our normal endian").
/// </summary>
internal static class NoiseAead
{
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    public static void WriteNonce(ulong counter, Span<byte> nonce)
    {
        nonce[..4].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[4..], counter);
    }

    public static ChaCha20Poly1305 CreateCipher(ReadOnlySpan<byte> key)
    {
        if (!ChaCha20Poly1305.IsSupported)
        {
            throw new PlatformNotSupportedException("BOLT 8 needs ChaCha20-Poly1305, which this platform's crypto library does not provide.");
        }

        return new ChaCha20Poly1305(key);
    }

    /// <summary>Writes <c>ciphertext || tag</c> (plaintext length + 16 bytes) to <paramref name="destination"/>.</summary>
    public static void Encrypt(ChaCha20Poly1305 cipher, ulong counter, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        RequireLength(destination, plaintext.Length + TagSize, nameof(destination));
        Span<byte> nonce = stackalloc byte[NonceSize];
        WriteNonce(counter, nonce);
        cipher.Encrypt(nonce, plaintext, destination[..plaintext.Length], destination[plaintext.Length..], associatedData);
    }

    /// <summary>
    /// Checks the tag of <c>ciphertext || tag</c> and, only if it verifies, writes the
    /// plaintext. Returns false on a MAC failure; the destination is then zeroed.
    /// </summary>
    public static bool TryDecrypt(ChaCha20Poly1305 cipher, ulong counter, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> destination)
    {
        if (ciphertextAndTag.Length < TagSize)
        {
            throw new ArgumentException("Ciphertext is shorter than its tag.", nameof(ciphertextAndTag));
        }

        int plaintextLength = ciphertextAndTag.Length - TagSize;
        RequireLength(destination, plaintextLength, nameof(destination));
        Span<byte> nonce = stackalloc byte[NonceSize];
        WriteNonce(counter, nonce);
        try
        {
            cipher.Decrypt(nonce, ciphertextAndTag[..plaintextLength], ciphertextAndTag[plaintextLength..], destination, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(destination);
            return false;
        }
    }

    /// <summary>One-shot encryption under a handshake's temporary key.</summary>
    public static void Encrypt(ReadOnlySpan<byte> key, ulong counter, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        using var cipher = CreateCipher(key);
        Encrypt(cipher, counter, associatedData, plaintext, destination);
    }

    /// <summary>One-shot decryption under a handshake's temporary key.</summary>
    public static bool TryDecrypt(ReadOnlySpan<byte> key, ulong counter, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> destination)
    {
        using var cipher = CreateCipher(key);
        return TryDecrypt(cipher, counter, associatedData, ciphertextAndTag, destination);
    }

    private static void RequireLength(Span<byte> buffer, int length, string name)
    {
        if (buffer.Length != length)
        {
            throw new ArgumentException($"Buffer must be exactly {length} bytes, got {buffer.Length}.", name);
        }
    }
}
