using System.Security.Cryptography;
using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Channels.Keys;

/// <summary>
/// BOLT 3 "Key Derivation": the per-commitment keys derived from each side's
/// basepoints and the commitment's <c>per_commitment_point</c>.
/// </summary>
public static class KeyDerivation
{
    /// <summary>
    /// <c>pubkey = basepoint + SHA256(per_commitment_point || basepoint) * G</c>
    /// (<c>localpubkey</c>, <c>local_htlcpubkey</c>, <c>local_delayedpubkey</c> and their remote twins).
    /// </summary>
    public static PublicKey DerivePublicKey(PublicKey basepoint, PublicKey perCommitmentPoint)
    {
        ArgumentNullException.ThrowIfNull(basepoint);
        ArgumentNullException.ThrowIfNull(perCommitmentPoint);
        return basepoint.TweakAdd(Tweak(perCommitmentPoint, basepoint));
    }

    /// <summary><c>privkey = basepoint_secret + SHA256(per_commitment_point || basepoint)</c>.</summary>
    public static PrivateKey DerivePrivateKey(PrivateKey basepointSecret, PublicKey perCommitmentPoint)
    {
        ArgumentNullException.ThrowIfNull(basepointSecret);
        ArgumentNullException.ThrowIfNull(perCommitmentPoint);
        return basepointSecret.TweakAdd(Tweak(perCommitmentPoint, basepointSecret.PublicKey));
    }

    /// <summary>
    /// <c>revocationpubkey = revocation_basepoint * SHA256(revocation_basepoint || per_commitment_point)
    /// + per_commitment_point * SHA256(per_commitment_point || revocation_basepoint)</c>.
    /// </summary>
    public static PublicKey DeriveRevocationPublicKey(PublicKey revocationBasepoint, PublicKey perCommitmentPoint)
    {
        ArgumentNullException.ThrowIfNull(revocationBasepoint);
        ArgumentNullException.ThrowIfNull(perCommitmentPoint);
        var a = revocationBasepoint.TweakMultiply(Tweak(revocationBasepoint, perCommitmentPoint));
        var b = perCommitmentPoint.TweakMultiply(Tweak(perCommitmentPoint, revocationBasepoint));
        return a.Add(b);
    }

    /// <summary>
    /// <c>revocationprivkey = revocation_basepoint_secret * SHA256(revocation_basepoint || per_commitment_point)
    /// + per_commitment_secret * SHA256(per_commitment_point || revocation_basepoint)</c>.
    /// Only computable once the counterparty has revealed <paramref name="perCommitmentSecret"/>.
    /// </summary>
    public static PrivateKey DeriveRevocationPrivateKey(PrivateKey revocationBasepointSecret, PrivateKey perCommitmentSecret)
    {
        ArgumentNullException.ThrowIfNull(revocationBasepointSecret);
        ArgumentNullException.ThrowIfNull(perCommitmentSecret);
        var revocationBasepoint = revocationBasepointSecret.PublicKey;
        var perCommitmentPoint = perCommitmentSecret.PublicKey;
        using var a = revocationBasepointSecret.TweakMultiply(Tweak(revocationBasepoint, perCommitmentPoint));
        using var b = perCommitmentSecret.TweakMultiply(Tweak(perCommitmentPoint, revocationBasepoint));
        return a.Add(b);
    }

    /// <summary><c>per_commitment_point = per_commitment_secret * G</c>.</summary>
    public static PublicKey PerCommitmentPoint(ReadOnlySpan<byte> perCommitmentSecret)
    {
        using var secret = PrivateKey.FromBytes(perCommitmentSecret);
        return secret.PublicKey;
    }

    private static byte[] Tweak(PublicKey first, PublicKey second)
    {
        Span<byte> preimage = stackalloc byte[66];
        first.AsSpan().CopyTo(preimage);
        second.AsSpan().CopyTo(preimage[33..]);
        return SHA256.HashData(preimage);
    }
}
