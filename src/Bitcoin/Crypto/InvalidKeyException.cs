namespace Microchannels.Bitcoin.Crypto;

/// <summary>
/// Raised when bytes that claim to be a secp256k1 key are not one: a wrong
/// length or prefix, a point off the curve, a secret key of zero or not below
/// the curve order n, or a tweak that leaves the valid range.
/// </summary>
public class InvalidKeyException : BitcoinFormatException
{
    public InvalidKeyException()
    {
    }

    public InvalidKeyException(string message)
        : base(message)
    {
    }

    public InvalidKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
