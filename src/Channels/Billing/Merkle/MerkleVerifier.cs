using System.Numerics;
using Microchannels.Channels.Billing.Merkle.Errors;

namespace Microchannels.Channels.Billing.Merkle;

/// <summary>
/// Checks RFC 6962 proofs by the algorithms of RFC 9162 §2.1.3.2 (inclusion) and
/// §2.1.4.2 (consistency). Each check either returns or throws the
/// <see cref="MerkleProofException"/> that names what is wrong; it never throws
/// anything else for any input.
/// </summary>
public static class MerkleVerifier
{
    private const int H = MerkleHashing.HashSize;

    /// <summary>Proves that <paramref name="leafHash"/> is leaf <paramref name="index"/> of the tree of <paramref name="treeSize"/> leaves whose root is <paramref name="root"/>.</summary>
    public static void VerifyInclusion(ulong index, ulong treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<ReadOnlyMemory<byte>> proof, ReadOnlySpan<byte> root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        CheckHash("leaf hash", leafHash);
        CheckHash("root", root);
        CheckProofHashes(proof);

        // Step 1: "If leaf_index is greater than or equal to tree_size, then fail."
        if (index >= treeSize)
        {
            throw new MerkleIndexOutOfRangeException(index, treeSize);
        }

        // The RFC's loop fails when sn reaches 0 early or is not 0 at the end; the
        // count it accepts is fixed by the shape, so name it before walking.
        int expected = InclusionProofLength(index, treeSize);
        if (proof.Count != expected)
        {
            throw new MerkleProofLengthException(expected, proof.Count);
        }

        // Steps 2-4.
        ulong fn = index;
        ulong sn = treeSize - 1;
        Span<byte> r = stackalloc byte[H];
        leafHash.CopyTo(r);
        foreach (var p in proof)
        {
            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHashing.NodeHash(p.Span, r, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                MerkleHashing.NodeHash(r, p.Span, r);
            }

            fn >>= 1;
            sn >>= 1;
        }

        // Step 5.
        CheckRoot("root", root, r);
    }

    /// <summary>
    /// Proves that the tree of <paramref name="firstSize"/> leaves with root
    /// <paramref name="firstRoot"/> is a prefix of the tree of <paramref name="secondSize"/>
    /// leaves with root <paramref name="secondRoot"/>.
    /// </summary>
    public static void VerifyConsistency(
        ulong firstSize,
        ulong secondSize,
        ReadOnlySpan<byte> firstRoot,
        ReadOnlySpan<byte> secondRoot,
        IReadOnlyList<ReadOnlyMemory<byte>> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        CheckHash("first root", firstRoot);
        CheckHash("second root", secondRoot);
        CheckProofHashes(proof);

        // RFC 9162 §2.1.4.1 defines proofs for 0 < first ≤ second only.
        if (firstSize == 0 || firstSize > secondSize)
        {
            throw new MerkleTreeSizeException(firstSize, secondSize);
        }

        if (firstSize == secondSize)
        {
            // PROOF(n, D[n]) is empty, and the two trees are the same tree.
            if (proof.Count != 0)
            {
                throw new MerkleProofLengthException(0, proof.Count);
            }

            CheckRoot("second root", secondRoot, firstRoot);
            return;
        }

        int expected = ConsistencyProofLength(firstSize, secondSize);
        if (proof.Count != expected)
        {
            // Step 1 ("If consistency_path is an empty array, stop and fail") is the case expected > 0 = count.
            throw new MerkleProofLengthException(expected, proof.Count);
        }

        // Step 2: "If first is an exact power of 2, then prepend first_hash to the consistency_path array."
        int next = 0;
        Span<byte> fr = stackalloc byte[H];
        Span<byte> sr = stackalloc byte[H];
        if (BitOperations.IsPow2(firstSize))
        {
            firstRoot.CopyTo(fr);
        }
        else
        {
            proof[0].Span.CopyTo(fr);
            next = 1;
        }

        fr.CopyTo(sr);

        // Steps 3-4.
        ulong fn = firstSize - 1;
        ulong sn = secondSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        // Step 6.
        for (int i = next; i < proof.Count; i++)
        {
            var c = proof[i].Span;
            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHashing.NodeHash(c, fr, fr);
                MerkleHashing.NodeHash(c, sr, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                MerkleHashing.NodeHash(sr, c, sr);
            }

            fn >>= 1;
            sn >>= 1;
        }

        // Step 7.
        CheckRoot("first root", firstRoot, fr);
        CheckRoot("second root", secondRoot, sr);
    }

    /// <summary>
    /// Hashes in an inclusion proof: one per level below the point where the paths
    /// to leaves <paramref name="index"/> and size−1 meet, plus one per left sibling
    /// above it (the RFC's loop consumes exactly these).
    /// </summary>
    internal static int InclusionProofLength(ulong index, ulong treeSize)
    {
        int inner = 64 - BitOperations.LeadingZeroCount(index ^ (treeSize - 1));
        return inner + BitOperations.PopCount(index >> inner);
    }

    /// <summary>Hashes in a consistency proof from <paramref name="firstSize"/> to a larger <paramref name="secondSize"/>.</summary>
    internal static int ConsistencyProofLength(ulong firstSize, ulong secondSize)
    {
        // The proof is the inclusion path of leaf first−1 above the level of the
        // first tree's right-most perfect subtree, plus that subtree's root unless
        // it is the whole first tree (a power of two, whose root the verifier holds).
        int shift = BitOperations.TrailingZeroCount(firstSize);
        int length = InclusionProofLength(firstSize - 1, secondSize) - shift;
        return BitOperations.IsPow2(firstSize) ? length : length + 1;
    }

    private static void CheckProofHashes(IReadOnlyList<ReadOnlyMemory<byte>> proof)
    {
        for (int i = 0; i < proof.Count; i++)
        {
            CheckHash($"proof[{i}]", proof[i].Span);
        }
    }

    private static void CheckHash(string field, ReadOnlySpan<byte> hash)
    {
        if (hash.Length != H)
        {
            throw new MalformedMerkleHashException(field, hash.Length);
        }
    }

    private static void CheckRoot(string which, ReadOnlySpan<byte> expected, ReadOnlySpan<byte> computed)
    {
        if (!expected.SequenceEqual(computed))
        {
            throw new MerkleRootMismatchException(which, Convert.ToHexStringLower(expected), Convert.ToHexStringLower(computed));
        }
    }
}
