using System.Security.Cryptography;
using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Bitcoin.Addresses;

/// <summary>
/// Base58Check (Bitcoin Core base58.cpp, EncodeBase58Check / DecodeBase58Check):
/// the payload followed by the first 4 bytes of its double SHA-256, in Base58.
/// </summary>
public static class Base58Check
{
    public const int ChecksumLength = 4;

    public static string Encode(ReadOnlySpan<byte> payload)
    {
        var buffer = new byte[payload.Length + ChecksumLength];
        payload.CopyTo(buffer);
        Hashes.Hash256(payload).AsSpan(0, ChecksumLength).CopyTo(buffer.AsSpan(payload.Length));
        return Base58.Encode(buffer);
    }

    /// <summary>
    /// The payload of Base58Check text. Bad characters, fewer than 4 bytes, or a
    /// checksum mismatch throw <see cref="AddressFormatException"/>.
    /// </summary>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryDecode(text, out var payload, out var error))
        {
            throw new AddressFormatException(error);
        }

        return payload;
    }

    internal static bool TryDecode(string text, out byte[] payload, out string error)
    {
        payload = [];
        if (!Base58.TryDecode(text, out var bytes, out error))
        {
            return false;
        }

        if (bytes.Length < ChecksumLength)
        {
            error = $"base58check data too short ({bytes.Length} bytes, the checksum alone is {ChecksumLength})";
            return false;
        }

        var body = bytes.AsSpan(0, bytes.Length - ChecksumLength);
        var expected = Hashes.Hash256(body).AsSpan(0, ChecksumLength);

        // The checksum guards against typos, not secrets, but a constant-time compare costs nothing
        // and keeps WIF decoding free of secret-dependent branches.
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(bytes.Length - ChecksumLength)))
        {
            error = "invalid base58check checksum";
            return false;
        }

        payload = body.ToArray();
        CryptographicOperations.ZeroMemory(bytes);
        return true;
    }
}
