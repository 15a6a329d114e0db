using Microchannels.Channels.Billing.Merkle;

namespace Microchannels.Channels.Tests.Billing.Merkle;

/// <summary>Levels of 8,192 pairs or more are hashed in parallel: such a tree is still RFC 6962's, leaf for leaf.</summary>
public class LargeTreeTests
{
    [Theory]
    [InlineData(16_384)]
    [InlineData(40_001)]
    public void A_tree_large_enough_to_hash_in_parallel_has_the_reference_root_and_proofs(int size)
    {
        var leafHashes = Enumerable.Range(0, size).Select(i => ReferenceMerkle.LeafHash(BitConverter.GetBytes(i))).ToArray();
        var tree = MerkleTree.FromLeafHashes(leafHashes.SelectMany(h => h).ToArray());

        Assert.Equal(ReferenceMerkle.Mth(leafHashes, 0, size), tree.Root.ToArray());
        Assert.Equal(ReferenceMerkle.Mth(leafHashes, 0, size - 1), tree.RootAt((ulong)size - 1).ToArray());
        foreach (ulong index in new ulong[] { 0, 8_191, 8_192, (ulong)size - 1 })
        {
            MerkleVerifier.VerifyInclusion(index, (ulong)size, leafHashes[index], tree.InclusionProof(index), tree.Root.Span);
        }
    }
}
