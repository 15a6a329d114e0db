namespace Microchannels.Channels.Billing.Merkle;

/// <summary>
/// An RFC 6962 Merkle tree (RFC 6962 §2.1, RFC 9162 §2.1.1) over a list of leaf
/// hashes, kept level by level so proofs are read, not recomputed. Building pairs
/// neighbours at each level and lifts an unpaired last node unchanged to the next:
/// that is exactly the tree the RFC defines by splitting at the largest power of
/// two smaller than n, never Bitcoin's duplicated last leaf. Immutable once built.
/// </summary>
public sealed class MerkleTree
{
    private const int H = MerkleHashing.HashSize;

    /// <summary>A level with at least this many pairs is hashed in parallel, in chunks of this size.</summary>
    private const int ParallelPairs = 8192;

    // _levels[0] holds the leaf hashes; _levels[j][i] is the root of leaves
    // [i·2^j, min((i+1)·2^j, Size)). Each level is one flat array of 32-byte hashes.
    private readonly byte[][] _levels;

    private MerkleTree(byte[][] levels, ulong size)
    {
        _levels = levels;
        Size = size;
    }

    /// <summary>Number of leaves.</summary>
    public ulong Size { get; }

    /// <summary>MTH(D[n]): the root hash; SHA-256 of nothing for an empty tree (RFC 6962 §2.1).</summary>
    public ReadOnlyMemory<byte> Root => Size == 0 ? MerkleHashing.EmptyRoot() : _levels[^1].AsMemory(0, H);

    /// <summary>Builds the tree over the leaves' own bytes (each is hashed as SHA-256(0x00 ‖ leaf)).</summary>
    public static MerkleTree FromLeaves(IReadOnlyList<byte[]> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        var hashes = new byte[checked(leaves.Count * H)];
        for (int i = 0; i < leaves.Count; i++)
        {
            MerkleHashing.LeafHash(leaves[i], hashes.AsSpan(i * H, H));
        }

        return FromLeafHashes(hashes);
    }

    /// <summary>Builds the tree over leaf hashes laid end to end, 32 bytes each.</summary>
    public static MerkleTree FromLeafHashes(ReadOnlySpan<byte> leafHashes)
    {
        if (leafHashes.Length % H != 0)
        {
            throw new ArgumentException($"Leaf hashes come in {H}-byte units; got {leafHashes.Length} bytes.", nameof(leafHashes));
        }

        int count = leafHashes.Length / H;
        var levels = new List<byte[]> { leafHashes.ToArray() };
        while (count > 1)
        {
            var below = levels[^1];
            int parents = (count + 1) / 2;
            var level = new byte[parents * H];
            int pairs = count / 2;
            if (pairs >= ParallelPairs)
            {
                // A large level (a month has 259,200 pairs at the bottom): its pairs are independent, so the cores share them.
                System.Threading.Tasks.Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, pairs, ParallelPairs), range => HashPairs(below, level, range.Item1, range.Item2));
            }
            else
            {
                HashPairs(below, level, 0, pairs);
            }

            if (count % 2 == 1)
            {
                // The unpaired right-most node rises as it is (RFC 6962 §2.1's split puts it alone on the right).
                below.AsSpan((count - 1) * H, H).CopyTo(level.AsSpan((parents - 1) * H));
            }

            levels.Add(level);
            count = parents;
        }

        return new MerkleTree([.. levels], (ulong)(leafHashes.Length / H));
    }

    private static void HashPairs(byte[] below, byte[] level, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            MerkleHashing.NodeHash(below.AsSpan(2 * i * H, H), below.AsSpan(((2 * i) + 1) * H, H), level.AsSpan(i * H, H));
        }
    }

    /// <summary>The hash of leaf <paramref name="index"/>.</summary>
    public ReadOnlyMemory<byte> LeafHash(ulong index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
        return _levels[0].AsMemory((int)index * H, H);
    }

    /// <summary>MTH(D[0:size]): the root the tree had when it held its first <paramref name="size"/> leaves.</summary>
    public ReadOnlyMemory<byte> RootAt(ulong size)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Size);
        return size == 0 ? MerkleHashing.EmptyRoot() : SubtreeHash(0, size);
    }

    /// <summary>
    /// PATH(m, D[n]) of RFC 6962 §2.1.1: the audit path proving leaf <paramref name="index"/>
    /// is in the tree of the first <paramref name="treeSize"/> leaves, nearest sibling first.
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> InclusionProof(ulong index, ulong treeSize)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(treeSize, Size);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, treeSize);
        var path = new List<ReadOnlyMemory<byte>>(64);
        Path(index, 0, treeSize, path);
        return path;
    }

    /// <summary>The audit path of leaf <paramref name="index"/> in the whole tree.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> InclusionProof(ulong index) => InclusionProof(index, Size);

    /// <summary>
    /// PROOF(m, D[n]) of RFC 6962 §2.1.2: proves the tree of the first
    /// <paramref name="oldSize"/> leaves is a prefix of the tree of the first
    /// <paramref name="newSize"/>. Empty when the sizes are equal.
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> ConsistencyProof(ulong oldSize, ulong newSize)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(newSize, Size);
        ArgumentOutOfRangeException.ThrowIfZero(oldSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(oldSize, newSize);
        var proof = new List<ReadOnlyMemory<byte>>(64);
        if (oldSize < newSize)
        {
            SubProof(oldSize, 0, newSize, knownRoot: true, proof);
        }

        return proof;
    }

    /// <summary>PROOF(m, D[n]) against the whole tree.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> ConsistencyProof(ulong oldSize) => ConsistencyProof(oldSize, Size);

    /// <summary>The border of the first <paramref name="size"/> leaves (<see cref="MerkleFrontier"/>): one perfect subtree root per set bit, largest first.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Frontier(ulong size)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Size);
        var border = new List<ReadOnlyMemory<byte>>(64);
        ulong start = 0;
        for (int bit = 63; bit >= 0; bit--)
        {
            ulong width = 1UL << bit;
            if ((size & width) != 0)
            {
                border.Add(SubtreeHash(start, start + width));
                start += width;
            }
        }

        return border;
    }

    /// <summary>RFC 6962 §2.1.1 PATH(m, D[start:end]) with m relative to start, appended in the RFC's order.</summary>
    private void Path(ulong m, ulong start, ulong end, List<ReadOnlyMemory<byte>> path)
    {
        if (end - start == 1)
        {
            return;
        }

        ulong k = LargestPowerOfTwoBelow(end - start);
        if (m < k)
        {
            Path(m, start, start + k, path);
            path.Add(SubtreeHash(start + k, end));
        }
        else
        {
            Path(m - k, start + k, end, path);
            path.Add(SubtreeHash(start, start + k));
        }
    }

    /// <summary>RFC 6962 §2.1.2 SUBPROOF(m, D[start:end], b).</summary>
    private void SubProof(ulong m, ulong start, ulong end, bool knownRoot, List<ReadOnlyMemory<byte>> proof)
    {
        ulong n = end - start;
        if (m == n)
        {
            // "If m = n, SUBPROOF(m, D[m], true) = {}" and otherwise {MTH(D[m])}.
            if (!knownRoot)
            {
                proof.Add(SubtreeHash(start, end));
            }

            return;
        }

        ulong k = LargestPowerOfTwoBelow(n);
        if (m <= k)
        {
            SubProof(m, start, start + k, knownRoot, proof);
            proof.Add(SubtreeHash(start + k, end));
        }
        else
        {
            SubProof(m - k, start + k, end, knownRoot: false, proof);
            proof.Add(SubtreeHash(start, start + k));
        }
    }

    /// <summary>
    /// MTH(D[start:end]). Every subtree the RFC's proofs name is either a perfect,
    /// aligned one or ends at the tree's right edge, and both are stored nodes; any
    /// other range (a proof for an older, smaller tree) is split as RFC 6962 §2.1 does.
    /// </summary>
    private ReadOnlyMemory<byte> SubtreeHash(ulong start, ulong end)
    {
        ulong width = end - start;
        int level = width == 1 ? 0 : 64 - System.Numerics.BitOperations.LeadingZeroCount(width - 1);
        ulong span = 1UL << level;
        if (start % span == 0 && (width == span || end == Size))
        {
            return _levels[level].AsMemory((int)(start >> level) * H, H);
        }

        ulong k = LargestPowerOfTwoBelow(width);
        return MerkleHashing.NodeHash(SubtreeHash(start, start + k).Span, SubtreeHash(start + k, end).Span);
    }

    /// <summary>RFC 6962 §2.1: "k be the largest power of two smaller than n" (n ≥ 2).</summary>
    internal static ulong LargestPowerOfTwoBelow(ulong n) => 1UL << (63 - System.Numerics.BitOperations.LeadingZeroCount(n - 1));
}
