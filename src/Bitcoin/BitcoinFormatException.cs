namespace Microchannels.Bitcoin;

/// <summary>
/// Raised when bytes or text that claim to be a Bitcoin structure (a transaction,
/// a script, a key, a signature, an address) are malformed. Parsers throw this
/// type and nothing else for bad input, so callers can tell "the peer sent
/// garbage" apart from a bug.
/// </summary>
public class BitcoinFormatException : FormatException
{
    public BitcoinFormatException()
    {
    }

    public BitcoinFormatException(string message)
        : base(message)
    {
    }

    public BitcoinFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
