using Microchannels.Channels.Billing.Merkle;
using Microchannels.Channels.Billing.Merkle.Errors;

namespace Microchannels.Channels.Tests.Billing.Merkle;

/// <summary>A statement extends its channel's tree from the previous border: the root must be the whole tree's.</summary>
public class MerkleFrontierTests
{
    private static readonly byte[][] Leaves = Enumerable.Range(0, 300).Select(i => BitConverter.GetBytes(i * 7919L)).ToArray();

    [Fact]
    public void Border_of_m_leaves_and_the_next_leaves_give_the_root_of_the_whole_tree()
    {
        var tree = MerkleTree.FromLeaves(Leaves);
        for (ulong n = 0; n <= 300; n += 13)
        {
            for (ulong m = 0; m <= n; m++)
            {
                var rest = Enumerable.Range((int)m, (int)(n - m)).SelectMany(i => tree.LeafHash((ulong)i).ToArray()).ToArray();
                Assert.Equal(tree.RootAt(n).ToArray(), MerkleFrontier.Root(tree.Frontier(m), m, rest));
            }
        }
    }

    [Fact]
    public void A_border_of_the_wrong_shape_is_refused()
    {
        var tree = MerkleTree.FromLeaves(Leaves);
        Assert.Throws<MerkleProofLengthException>(() => MerkleFrontier.Root(tree.Frontier(6), 7, []));
        Assert.Throws<MalformedMerkleHashException>(() => MerkleFrontier.Root([new byte[31], new byte[32]], 6, []));
    }
}
