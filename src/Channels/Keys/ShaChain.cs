using System.Security.Cryptography;

namespace Microchannels.Channels.Keys;

/// <summary>
/// The per-commitment secret hash chain of BOLT 3, "Per-commitment Secret
/// Requirements" and "Efficient Per-commitment Secret Storage".
/// </summary>
public static class ShaChain
{
    public const int SecretSize = 32;

    /// <summary>
    /// <c>generate_from_seed(seed, I)</c>: the I'th secret from the channel's seed.
    /// </summary>
    public static byte[] GenerateFromSeed(ReadOnlySpan<byte> seed, ulong index)
    {
        if (seed.Length != SecretSize)
        {
            throw new ArgumentException($"The seed must be {SecretSize} bytes.", nameof(seed));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, CommitmentIndex.First);
        return DeriveSecret(seed, 48, index);
    }

    /// <summary>
    /// <c>derive_secret(base, bits, I)</c>: the I'th secret from a base secret
    /// whose index shares bits <paramref name="bits"/>..47 with I.
    /// </summary>
    public static byte[] DeriveSecret(ReadOnlySpan<byte> baseSecret, int bits, ulong index)
    {
        var p = baseSecret.ToArray();
        for (int b = bits - 1; b >= 0; b--)
        {
            if (((index >> b) & 1) == 1)
            {
                // "flip(B)" alternates the (B mod 8) bit of the (B div 8) byte.
                p[b / 8] ^= (byte)(1 << (b % 8));
                SHA256.HashData(p, p);
            }
        }

        return p;
    }

    /// <summary><c>where_to_put_secret(I)</c>: the count of trailing zero bits, 48 for I = 0.</summary>
    public static int WhereToPutSecret(ulong index)
    {
        for (int b = 0; b < 48; b++)
        {
            if (((index >> b) & 1) == 1)
            {
                return b;
            }
        }

        return 48;
    }
}
