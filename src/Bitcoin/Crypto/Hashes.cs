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
    /// expand with empty info.
    /// </summary>
    public static (byte[] First, byte[] Second) HkdfTwoKeys(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> inputKeyMaterial)
    {
        Span<byte> output = stackalloc byte[64];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, inputKeyMaterial, output, salt, ReadOnlySpan<byte>.Empty);
        return (output[..32].ToArray(), output[32..].ToArray());
    }

    public static void Hkdf(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> inputKeyMaterial, ReadOnlySpan<byte> info, Span<byte> output) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, inputKeyMaterial, output, salt, info);

    private static void RequireLength(Span<byte> destination, int length)
    {
        if (destination.Length != length)
        {
            throw new ArgumentException($"Destination must be exactly {length} bytes, got {destination.Length}.", nameof(destination));
        }
    }
}
