namespace Microchannels.Channels.Signing;

/// <summary>
/// The signer refused an operation that would put funds at risk, such as signing
/// a revoked commitment for broadcast (a revoked state on chain hands every
/// satoshi to the counterparty, BOLT 5 "Revoked Transaction Close Handling").
/// </summary>
public sealed class SignerRefusedException : InvalidOperationException
{
    public SignerRefusedException()
    {
    }

    public SignerRefusedException(string message)
        : base(message)
    {
    }

    public SignerRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
