using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Microchannels.Bitcoin.Addresses;

/// <summary>
/// A secret key in Wallet Import Format (Bitcoin Core key_io.cpp, EncodeSecret /
/// DecodeSecret): Base58Check of the network's secret-key prefix, the 32-byte secret,
/// and a trailing 0x01 when the matching public key is compressed.
/// Only the framing is checked here: whether the secret is a valid secp256k1 scalar
/// (1 to n-1) is for the key type to decide.
/// </summary>
public sealed class WifKey
{
    public const int SecretLength = 32;

    /// <summary>Base58 of 38 bytes (prefix, secret, flag, checksum) never exceeds 52 characters.</summary>
    public const int MaxLength = 52;

    private const byte CompressedFlag = 0x01;

    private readonly byte[] _secret;

    public WifKey(Network network, ReadOnlySpan<byte> secret, bool isCompressed)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (secret.Length != SecretLength)
        {
            throw new ArgumentException($"A secret key is {SecretLength} bytes, got {secret.Length}.", nameof(secret));
        }

        Network = network;
        _secret = secret.ToArray();
        IsCompressed = isCompressed;
    }

    public Network Network { get; }

    public bool IsCompressed { get; }

    /// <summary>The 32-byte secret. Read-only; copy it only where it must live.</summary>
    public ReadOnlySpan<byte> Secret => _secret;

    /// <summary>
    /// Decodes a WIF key. With <paramref name="expected"/>, the prefix must be that
    /// network's; without, 0x80 is main and 0xef is read as testnet.
    /// Throws <see cref="AddressFormatException"/> naming the rule broken.
    /// </summary>
    public static WifKey Parse(string wif, Network? expected = null)
    {
        ArgumentNullException.ThrowIfNull(wif);
        if (!TryParse(wif, expected, out var key, out var error))
        {
            throw new AddressFormatException(error);
        }

        return key;
    }

    /// <summary>As <see cref="Parse"/>, returning false instead of throwing.</summary>
    public static bool TryParse(string? wif, Network? expected, [NotNullWhen(true)] out WifKey? key)
    {
        key = null;
        if (wif is null || !TryParse(wif, expected, out var parsed, out _))
        {
            return false;
        }

        key = parsed;
        return true;
    }

    /// <summary>The WIF text. Deliberately not <see cref="ToString"/>, so a key never lands in a log by accident.</summary>
    public string Encode()
    {
        Span<byte> payload = stackalloc byte[1 + SecretLength + 1];
        payload[0] = Network.SecretKeyPrefix;
        _secret.CopyTo(payload[1..]);
        payload[^1] = CompressedFlag;
        var length = IsCompressed ? payload.Length : payload.Length - 1;
        var text = Base58Check.Encode(payload[..length]);
        CryptographicOperations.ZeroMemory(payload);
        return text;
    }

    /// <summary>Describes the key without revealing it.</summary>
    public override string ToString() => $"WifKey({Network.Name}, {(IsCompressed ? "compressed" : "uncompressed")})";

    private static bool TryParse(string wif, Network? expected, out WifKey key, out string error)
    {
        key = null!;
        if (wif.Length > MaxLength)
        {
            error = $"WIF key too long ({wif.Length} > {MaxLength} characters)";
            return false;
        }

        if (!Base58Check.TryDecode(wif, out var payload, out error))
        {
            return false;
        }

        try
        {
            if (payload.Length == 1 + SecretLength + 1 && payload[^1] != CompressedFlag)
            {
                error = $"invalid WIF compression flag 0x{payload[^1]:x2} (must be 0x01)";
                return false;
            }

            if (payload.Length is not (1 + SecretLength or 1 + SecretLength + 1))
            {
                error = $"WIF payload must be {1 + SecretLength} or {2 + SecretLength} bytes, got {payload.Length}";
                return false;
            }

            var network = expected ?? Network.FromSecretKeyPrefix(payload[0]);
            if (network is null || payload[0] != network.SecretKeyPrefix)
            {
                error = expected is null
                    ? $"version byte 0x{payload[0]:x2} is not a WIF secret key prefix"
                    : $"version byte 0x{payload[0]:x2} is not the WIF prefix (0x{expected.SecretKeyPrefix:x2}) of network {expected.Name}";
                return false;
            }

            key = new WifKey(network, payload.AsSpan(1, SecretLength), payload.Length == 1 + SecretLength + 1);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
        }
    }
}
