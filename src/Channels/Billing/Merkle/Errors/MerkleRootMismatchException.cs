namespace Microchannels.Channels.Billing.Merkle.Errors;

/// <summary>
/// A well-formed proof whose hashes lead to a root other than the one claimed:
/// the leaf, a proof hash or the root was changed (RFC 9162 §2.1.3.2 step 6,
/// §2.1.4.2 step 7).
/// </summary>
public sealed class MerkleRootMismatchException : MerkleProofException
{
    public MerkleRootMismatchException(string which, string expectedHex, string computedHex)
        : base($"The proof leads to {which} {computedHex}, not {expectedHex}.")
    {
        Which = which;
        ExpectedHex = expectedHex;
        ComputedHex = computedHex;
    }

    /// <summary>"root", or for consistency "first root" / "second root".</summary>
    public string Which { get; }

    public string ExpectedHex { get; }

    public string ComputedHex { get; }
}
