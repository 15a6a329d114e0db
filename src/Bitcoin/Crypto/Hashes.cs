using System.Security.Cryptography;

namespace Microchannels.Bitcoin.Crypto;

/// <summary>
/// The hash functions Bitcoin and Lightning use. SHA-256 and HMAC come from the
/// platform (OpenSSL on Linux); RIPEMD-160 is ours, because .NET on Linux has none.
/// </summary>
public static class Hashes
{
    public const int Sha256Size = 32;
    public const int Hash160Size = 20;

    public static byte[] Sha256(ReadOnlySpan<byte> data) => SHA256.HashData(data);

    public static void Sha256(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        RequireLength(destination, Sha256Size);
        SHA256.HashData(data, destination);
    }

    /// <summary>SHA-256 applied twice: txids, sighashes and base58 checksums.</summary>
    public static byte[] Hash256(ReadOnlySpan<byte> data)
    {
        var result = new byte[Sha256Size];
        Hash256(data, result);
        return result;
    }

    public static void Hash256(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        RequireLength(destination, Sha256Size);
        Span<byte> first = stackalloc byte[Sha256Size];
        SHA256.HashData(data, first);
        SHA256.HashData(first, destination);
    }

    /// <summary>RIPEMD-160 of SHA-256: public key hashes (P2PKH, P2WPKH).</summary>
    public static byte[] Hash160(ReadOnlySpan<byte> data)
    {
        Span<byte> sha = stackalloc byte[Sha256Size];
        SHA256.HashData(data, sha);
        return Ripemd160.Hash(sha);
    }

    public static byte[] HmacSha256(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => HMACSHA256.HashData(key, data);

    /// <summary>
    /// HKDF with SHA-256 (RFC 5869) producing two 32-byte keys, as BOLT 8
    /// ("Handshake State", function HKDF) uses it: extract with <paramref name="salt"/>,
    /// expand with empty info. Written out with HMAC because the platform's HKDF
    /// rejects an empty input key on OpenSSL 3, and BOLT 8's final split is
    /// exactly <c>HKDF(ck, zero-length)</c>.
    /// </summary>
    public static (byte[] First, byte[] Second) HkdfTwoKeys(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> inputKeyMaterial)
    {
        Span<byte> output = stackalloc byte[64];
        Hkdf(salt, inputKeyMaterial, ReadOnlySpan<byte>.Empty, output);
        var keys = (output[..32].ToArray(), output[32..].ToArray());
        CryptographicOperations.ZeroMemory(output);
        return keys;
    }

    /// <summary>RFC 5869 HKDF-SHA256: extract, then expand <paramref name="output"/>.Length bytes (at most 8160).</summary>
    public static void Hkdf(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> inputKeyMaterial, ReadOnlySpan<byte> info, Span<byte> output)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(output.Length, 255 * Sha256Size, nameof(output));
        Span<byte> prk = stackalloc byte[Sha256Size];
        HMACSHA256.HashData(salt, inputKeyMaterial, prk);

        // T(i) = HMAC(PRK, T(i-1) || info || i)
        Span<byte> block = stackalloc byte[Sha256Size + info.Length + 1];
        Span<byte> t = stackalloc byte[Sha256Size];
        int previousLength = 0;
        for (int i = 1, offset = 0; offset < output.Length; i++, offset += Sha256Size)
        {
            t[..previousLength].CopyTo(block);
            info.CopyTo(block[previousLength..]);
            block[previousLength + info.Length] = (byte)i;
            HMACSHA256.HashData(prk, block[..(previousLength + info.Length + 1)], t);
            t[..Math.Min(Sha256Size, output.Length - offset)].CopyTo(output[offset..]);
            previousLength = Sha256Size;
        }

        CryptographicOperations.ZeroMemory(prk);
        CryptographicOperations.ZeroMemory(t);
    }

    private static void RequireLength(Span<byte> destination, int length)
    {
        if (destination.Length != length)
        {
            throw new ArgumentException($"Destination must be exactly {length} bytes, got {destination.Length}.", nameof(destination));
        }
    }
}
