using Microchannels.Channels.Billing.Merkle;
using Microchannels.Channels.Billing.Merkle.Errors;

namespace Microchannels.Channels.Tests.Billing.Merkle;

/// <summary>
/// Over trees of 1 to 2,000 leaves: the root is the RFC's recursive MTH, every
/// inclusion proof and every consistency proof m ≤ n verifies, and a changed byte
/// anywhere (leaf, proof, root) is refused.
/// </summary>
public class MerkleProofProperties
{
    private const int MaxLeaves = 2_000;

    private static readonly byte[][] LeafData = Enumerable.Range(0, MaxLeaves).Select(i => BitConverter.GetBytes(i * 2_654_435_761L)).ToArray();

    private static readonly MerkleTree Full = MerkleTree.FromLeaves(LeafData);

    /// <summary>The root after each prefix: index m holds MTH of the first m leaves.</summary>
    private static readonly byte[][] PrefixRoots = Enumerable.Range(0, MaxLeaves + 1).Select(m => Full.RootAt((ulong)m).ToArray()).ToArray();

    /// <summary>
    /// Every position for trees up to 256 leaves; above that, both edges, every
    /// power-of-two boundary and a stride through the middle, so each of the 2,000
    /// sizes is covered without the 4 million proofs an exhaustive pass would cost.
    /// </summary>
    private static IEnumerable<ulong> Positions(ulong from, ulong to)
    {
        if (to - from <= 256)
        {
            for (ulong i = from; i <= to; i++)
            {
                yield return i;
            }

            yield break;
        }

        var chosen = new SortedSet<ulong>();
        for (ulong i = 0; i < 8; i++)
        {
            chosen.Add(from + i);
            chosen.Add(to - i);
        }

        for (ulong p = 1; p <= to; p <<= 1)
        {
            foreach (ulong q in new[] { p - 1, p, p + 1 })
            {
                if (q >= from && q <= to)
                {
                    chosen.Add(q);
                }
            }
        }

        for (ulong i = from; i <= to; i += 37)
        {
            chosen.Add(i);
        }

        foreach (ulong i in chosen)
        {
            yield return i;
        }
    }

    [Fact]
    public void Every_root_from_1_to_2000_leaves_is_the_recursive_MTH()
    {
        var leafHashes = LeafData.Select(ReferenceMerkle.LeafHash).ToArray();
        for (int n = 1; n <= MaxLeaves; n++)
        {
            var expected = ReferenceMerkle.Mth(leafHashes, 0, n);
            Assert.Equal(expected, Full.RootAt((ulong)n).ToArray());
            if (n % 97 == 0 || n < 70)
            {
                // A tree built at exactly n leaves agrees with the prefix of the larger one.
                Assert.Equal(expected, MerkleTree.FromLeaves(LeafData[..n]).Root.ToArray());
            }
        }
    }

    [Fact]
    public void Inclusion_proofs_in_every_tree_of_1_to_2000_leaves_verify()
    {
        // Each size as its own tree: its proofs come from the stored levels.
        Parallel.For(1, MaxLeaves + 1, n =>
        {
            var tree = MerkleTree.FromLeaves(LeafData[..n]);
            var root = tree.Root.Span;
            foreach (ulong i in Positions(0, (ulong)n - 1))
            {
                var proof = tree.InclusionProof(i);
                Assert.Equal(MerkleVerifier.InclusionProofLength(i, (ulong)n), proof.Count);
                MerkleVerifier.VerifyInclusion(i, (ulong)n, tree.LeafHash(i).Span, proof, root);
            }
        });
    }

    [Fact]
    public void Consistency_proofs_between_sizes_m_le_n_for_every_n_up_to_2000_verify()
    {
        Parallel.For(1, MaxLeaves + 1, n =>
        {
            var tree = MerkleTree.FromLeaves(LeafData[..n]);
            var root = tree.Root.Span;
            foreach (ulong m in Positions(1, (ulong)n))
            {
                var proof = tree.ConsistencyProof(m);
                Assert.Equal(m == (ulong)n ? 0 : MerkleVerifier.ConsistencyProofLength(m, (ulong)n), proof.Count);
                MerkleVerifier.VerifyConsistency(m, (ulong)n, PrefixRoots[m], root, proof);
            }
        });
    }

    [Fact]
    public void Proofs_for_an_older_tree_size_come_from_the_newer_tree()
    {
        // A statement's proofs may be asked for after more readings arrived.
        var leafHashes = LeafData.Select(ReferenceMerkle.LeafHash).ToArray();
        foreach (int n in new[] { 1, 2, 3, 5, 7, 8, 9, 63, 64, 65, 1000, 1023, 1025, 1999 })
        {
            var root = ReferenceMerkle.Mth(leafHashes, 0, n);
            for (ulong i = 0; i < (ulong)n; i += (ulong)Math.Max(1, n / 40))
            {
                MerkleVerifier.VerifyInclusion(i, (ulong)n, leafHashes[i], Full.InclusionProof(i, (ulong)n), root);
            }

            for (ulong m = 1; m <= (ulong)n; m += (ulong)Math.Max(1, n / 40))
            {
                MerkleVerifier.VerifyConsistency(m, (ulong)n, ReferenceMerkle.Mth(leafHashes, 0, (int)m), root, Full.ConsistencyProof(m, (ulong)n));
            }
        }
    }

    [Fact]
    public void Flipping_any_byte_of_leaf_proof_or_root_fails_inclusion()
    {
        for (int n = 1; n <= 24; n++)
        {
            var tree = MerkleTree.FromLeaves(LeafData[..n]);
            for (ulong i = 0; i < (ulong)n; i++)
            {
                var leaf = LeafData[i];
                var proof = tree.InclusionProof(i).Select(h => h.ToArray()).ToList();
                var root = tree.Root.ToArray();
                void Check(byte[] leafBytes) =>
                    MerkleVerifier.VerifyInclusion(i, (ulong)n, MerkleHashing.LeafHash(leafBytes), proof.Select(h => new ReadOnlyMemory<byte>(h)).ToList(), root);

                Check(leaf);
                ForEveryFlip(leaf, () => Assert.Throws<MerkleRootMismatchException>(() => Check(leaf)));
                foreach (var element in proof)
                {
                    ForEveryFlip(element, () => Assert.Throws<MerkleRootMismatchException>(() => Check(leaf)));
                }

                ForEveryFlip(root, () => Assert.Throws<MerkleRootMismatchException>(() => Check(leaf)));
            }
        }
    }

    [Fact]
    public void Flipping_any_byte_of_proof_or_either_root_fails_consistency()
    {
        for (int n = 1; n <= 24; n++)
        {
            var tree = MerkleTree.FromLeaves(LeafData[..n]);
            for (ulong m = 1; m <= (ulong)n; m++)
            {
                var proof = tree.ConsistencyProof(m).Select(h => h.ToArray()).ToList();
                var first = tree.RootAt(m).ToArray();
                var second = tree.Root.ToArray();
                void Check() => MerkleVerifier.VerifyConsistency(m, (ulong)n, first, second, proof.Select(h => new ReadOnlyMemory<byte>(h)).ToList());

                Check();
                foreach (var element in proof)
                {
                    ForEveryFlip(element, () => Assert.Throws<MerkleRootMismatchException>(Check));
                }

                ForEveryFlip(first, () => Assert.Throws<MerkleRootMismatchException>(Check));
                ForEveryFlip(second, () => Assert.Throws<MerkleRootMismatchException>(Check));
            }
        }
    }

    [Fact]
    public void Shapes_that_cannot_be_right_have_their_own_errors()
    {
        var tree = MerkleTree.FromLeaves(LeafData[..13]);
        var proof = tree.InclusionProof(5);
        var leaf = tree.LeafHash(5).ToArray();
        var root = tree.Root.ToArray();

        Assert.Throws<MerkleIndexOutOfRangeException>(() => MerkleVerifier.VerifyInclusion(13, 13, leaf, proof, root));
        Assert.Throws<MerkleProofLengthException>(() => MerkleVerifier.VerifyInclusion(5, 13, leaf, proof.Skip(1).ToList(), root));
        Assert.Throws<MerkleProofLengthException>(() => MerkleVerifier.VerifyInclusion(5, 13, leaf, [.. proof, proof[0]], root));
        Assert.Throws<MalformedMerkleHashException>(() => MerkleVerifier.VerifyInclusion(5, 13, leaf[..31], proof, root));
        Assert.Throws<MalformedMerkleHashException>(() => MerkleVerifier.VerifyInclusion(5, 13, leaf, proof, [.. root, 0]));
        Assert.Throws<MalformedMerkleHashException>(() => MerkleVerifier.VerifyInclusion(5, 13, leaf, [proof[0], proof[1][..16], proof[2], proof[3]], root));

        var consistency = tree.ConsistencyProof(6);
        var first = tree.RootAt(6).ToArray();
        Assert.Throws<MerkleTreeSizeException>(() => MerkleVerifier.VerifyConsistency(0, 13, first, root, consistency));
        Assert.Throws<MerkleTreeSizeException>(() => MerkleVerifier.VerifyConsistency(14, 13, first, root, consistency));
        Assert.Throws<MerkleProofLengthException>(() => MerkleVerifier.VerifyConsistency(6, 13, first, root, []));
        Assert.Throws<MerkleProofLengthException>(() => MerkleVerifier.VerifyConsistency(13, 13, root, root, consistency));
        Assert.Throws<MerkleRootMismatchException>(() => MerkleVerifier.VerifyConsistency(13, 13, first, root, []));
        MerkleVerifier.VerifyConsistency(13, 13, root, root, []);
    }

    /// <summary>Runs <paramref name="assert"/> once for each byte of <paramref name="bytes"/> flipped, restoring it after.</summary>
    private static void ForEveryFlip(byte[] bytes, Action assert)
    {
        for (int b = 0; b < bytes.Length; b++)
        {
            bytes[b] ^= 0x01;
            try
            {
                assert();
            }
            finally
            {
                bytes[b] ^= 0x01;
            }
        }
    }
}
