namespace Microchannels.Channels.Billing.Merkle.Errors;

/// <summary>
/// A Merkle proof (RFC 9162 §2.1.3.2, §2.1.4.2) that does not prove what it claims.
/// One subclass per failure, so a caller can tell a malformed input from a proof
/// that is well formed but wrong.
/// </summary>
public abstract class MerkleProofException : Exception
{
    protected MerkleProofException(string message)
        : base(message)
    {
    }
}
