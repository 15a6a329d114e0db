using System.Security.Cryptography;

namespace Microchannels.Channels.Billing.Merkle;

/// <summary>
/// The two hashes of an RFC 6962 tree (RFC 6962 §2.1, RFC 9162 §2.1.1): a leaf
/// is SHA-256(0x00 ‖ leaf), an interior node SHA-256(0x01 ‖ left ‖ right). The
/// distinct prefixes keep a leaf from ever hashing like a node (the second-preimage
/// trick Bitcoin's duplicate-last-leaf tree allows, CVE-2012-2459).
/// </summary>
public static class MerkleHashing
{
    /// <summary>Every hash of the tree is a SHA-256 digest.</summary>
    public const int HashSize = 32;

    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    /// <summary>RFC 6962 §2.1: the hash of an empty list is SHA-256 of the empty string.</summary>
    public static byte[] EmptyRoot() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>SHA-256(0x00 ‖ leaf).</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> leaf)
    {
        var hash = new byte[HashSize];
        LeafHash(leaf, hash);
        return hash;
    }

    /// <summary>SHA-256(0x00 ‖ leaf) into <paramref name="destination"/>, without allocating.</summary>
    public static void LeafHash(ReadOnlySpan<byte> leaf, Span<byte> destination)
    {
        // Readings are a few hundred bytes: hash them from the stack in one call.
        const int StackLimit = 1024;
        if (leaf.Length < StackLimit)
        {
            Span<byte> preimage = stackalloc byte[1 + leaf.Length];
            preimage[0] = LeafPrefix;
            leaf.CopyTo(preimage[1..]);
            SHA256.HashData(preimage, destination);
            return;
        }

        using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        ReadOnlySpan<byte> prefix = [LeafPrefix];
        hasher.AppendData(prefix);
        hasher.AppendData(leaf);
        hasher.GetHashAndReset(destination);
    }

    /// <summary>SHA-256(0x01 ‖ left ‖ right).</summary>
    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var hash = new byte[HashSize];
        NodeHash(left, right, hash);
        return hash;
    }

    /// <summary>SHA-256(0x01 ‖ left ‖ right) into <paramref name="destination"/> (which may overlap either input).</summary>
    public static void NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> preimage = stackalloc byte[1 + HashSize + HashSize];
        preimage[0] = NodePrefix;
        left.CopyTo(preimage[1..]);
        right.CopyTo(preimage[(1 + HashSize)..]);
        SHA256.HashData(preimage, destination);
    }
}
