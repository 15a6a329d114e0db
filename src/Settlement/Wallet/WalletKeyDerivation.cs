using System.Globalization;
using System.Text;
using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Settlement.Wallet;

/// <summary>
/// The meter wallet's key scheme: the private key at index i is
/// <c>HMAC-SHA256(key = seed, data = ASCII("microchannels/wallet/" + i))</c>,
/// with i in decimal without leading zeros ("microchannels/wallet/0", "/1", ...).
/// Every key is used only for one P2WPKH receive or change script. A result that
/// is not a valid secp256k1 scalar (zero or at least the group order; probability
/// about 2^-128) throws <see cref="InvalidKeyException"/> from <see cref="PrivateKey.FromBytes"/>
/// rather than being silently replaced.
/// </summary>
public static class WalletKeyDerivation
{
    public const int SeedSize = 32;

    public const string Prefix = "microchannels/wallet/";

    public static PrivateKey DeriveKey(ReadOnlySpan<byte> seed, int index)
    {
        if (seed.Length != SeedSize)
        {
            throw new ArgumentException($"A wallet seed is {SeedSize} bytes, got {seed.Length}.", nameof(seed));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(index);
        byte[] label = Encoding.ASCII.GetBytes(Prefix + index.ToString(CultureInfo.InvariantCulture));
        byte[] secret = Hashes.HmacSha256(seed, label);
        try
        {
            return PrivateKey.FromBytes(secret);
        }
        finally
        {
            Array.Clear(secret);
        }
    }
}
