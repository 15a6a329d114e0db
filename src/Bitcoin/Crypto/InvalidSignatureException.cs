namespace Microchannels.Bitcoin.Crypto;

/// <summary>
/// Raised when bytes that claim to be an ECDSA signature are not one: bad DER,
/// a wrong compact length, or r or s outside [1, n-1].
/// </summary>
public class InvalidSignatureException : BitcoinFormatException
{
    public InvalidSignatureException()
    {
    }

    public InvalidSignatureException(string message)
        : base(message)
    {
    }

    public InvalidSignatureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
