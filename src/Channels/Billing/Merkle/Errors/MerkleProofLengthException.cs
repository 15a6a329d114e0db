namespace Microchannels.Channels.Billing.Merkle.Errors;

/// <summary>
/// A proof with more or fewer hashes than the tree's shape requires: RFC 9162
/// §2.1.3.2 step 6 ("fn is equal to sn") and §2.1.4.2 ("if consistency_path is an
/// empty array, stop and fail"; "fail if ... path is not empty" when sizes are equal).
/// </summary>
public sealed class MerkleProofLengthException : MerkleProofException
{
    public MerkleProofLengthException(int expected, int actual)
        : base($"The proof holds {actual} hashes; the tree's shape needs {expected}.")
    {
        Expected = expected;
        Actual = actual;
    }

    public int Expected { get; }

    public int Actual { get; }
}
