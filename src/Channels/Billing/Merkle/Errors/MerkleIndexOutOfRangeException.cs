namespace Microchannels.Channels.Billing.Merkle.Errors;

/// <summary>RFC 9162 §2.1.3.2 step 1: "If leaf_index is greater than or equal to tree_size, then fail".</summary>
public sealed class MerkleIndexOutOfRangeException : MerkleProofException
{
    public MerkleIndexOutOfRangeException(ulong index, ulong size)
        : base($"Leaf index {index} is outside a tree of {size} leaves.")
    {
        Index = index;
        Size = size;
    }

    public ulong Index { get; }

    public ulong Size { get; }
}
