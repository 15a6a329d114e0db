namespace Microchannels.Channels.Billing.Merkle.Errors;

/// <summary>
/// Tree sizes no consistency proof can relate: the first larger than the second
/// (RFC 9162 §2.1.4.2 step 1 requires first ≤ second), or a first size of zero,
/// for which RFC 9162 §2.1.4.1 defines no proof (every tree extends the empty one).
/// </summary>
public sealed class MerkleTreeSizeException : MerkleProofException
{
    public MerkleTreeSizeException(ulong first, ulong second)
        : base($"No consistency proof relates a tree of {first} leaves to one of {second}.")
    {
        First = first;
        Second = second;
    }

    public ulong First { get; }

    public ulong Second { get; }
}
