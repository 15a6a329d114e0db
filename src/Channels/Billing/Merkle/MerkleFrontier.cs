using System.Numerics;
using Microchannels.Channels.Billing.Merkle.Errors;

namespace Microchannels.Channels.Billing.Merkle;

/// <summary>
/// The right border of a tree of m leaves: the roots of its perfect subtrees, one
/// per set bit of m, largest (left-most) first. It is all a verifier needs from the
/// first m leaves to extend the tree with more and compute the new root (the
/// "compact range" Certificate Transparency logs keep, RFC 9162 §2.1.1's MTH), so a
/// statement carries its new readings and this border, never the readings before.
/// </summary>
public static class MerkleFrontier
{
    private const int H = MerkleHashing.HashSize;

    /// <summary>
    /// MTH of the tree whose first <paramref name="prefixSize"/> leaves have border
    /// <paramref name="frontier"/> and whose following leaves hash to
    /// <paramref name="leafHashes"/> (32 bytes each, end to end).
    /// </summary>
    /// <exception cref="MerkleProofLengthException">The border does not hold one hash per set bit of <paramref name="prefixSize"/>.</exception>
    /// <exception cref="MalformedMerkleHashException">A border hash is not 32 bytes.</exception>
    public static byte[] Root(IReadOnlyList<ReadOnlyMemory<byte>> frontier, ulong prefixSize, ReadOnlySpan<byte> leafHashes)
    {
        ArgumentNullException.ThrowIfNull(frontier);
        if (leafHashes.Length % H != 0)
        {
            throw new ArgumentException($"Leaf hashes come in {H}-byte units.", nameof(leafHashes));
        }

        int expected = BitOperations.PopCount(prefixSize);
        if (frontier.Count != expected)
        {
            throw new MerkleProofLengthException(expected, frontier.Count);
        }

        // A stack of (height, hash); heights strictly decrease from bottom to top.
        var heights = new List<int>(64);
        var hashes = new List<byte[]>(64);
        int bit = 63;
        for (int i = 0; i < frontier.Count; i++)
        {
            if (frontier[i].Length != H)
            {
                throw new MalformedMerkleHashException($"frontier[{i}]", frontier[i].Length);
            }

            while ((prefixSize & (1UL << bit)) == 0)
            {
                bit--;
            }

            heights.Add(bit--);
            hashes.Add(frontier[i].ToArray());
        }

        for (int offset = 0; offset < leafHashes.Length; offset += H)
        {
            var node = leafHashes.Slice(offset, H).ToArray();
            int height = 0;
            while (heights.Count > 0 && heights[^1] == height)
            {
                node = MerkleHashing.NodeHash(hashes[^1], node);
                heights.RemoveAt(heights.Count - 1);
                hashes.RemoveAt(hashes.Count - 1);
                height++;
            }

            heights.Add(height);
            hashes.Add(node);
        }

        if (hashes.Count == 0)
        {
            return MerkleHashing.EmptyRoot();
        }

        // RFC 6962 §2.1: the unpaired right-hand subtrees join from the right.
        var root = hashes[^1];
        for (int i = hashes.Count - 2; i >= 0; i--)
        {
            root = MerkleHashing.NodeHash(hashes[i], root);
        }

        return root;
    }
}
