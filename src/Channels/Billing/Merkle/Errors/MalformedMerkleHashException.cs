namespace Microchannels.Channels.Billing.Merkle.Errors;

/// <summary>A leaf hash, proof element or root that is not a 32-byte SHA-256 digest.</summary>
public sealed class MalformedMerkleHashException : MerkleProofException
{
    public MalformedMerkleHashException(string field, int length)
        : base($"{field} is {length} bytes; a Merkle hash is {MerkleHashing.HashSize}.")
    {
        Field = field;
        Length = length;
    }

    /// <summary>Which input: "leaf hash", "root", "proof[3]", ...</summary>
    public string Field { get; }

    public int Length { get; }
}
