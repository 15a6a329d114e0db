namespace Microchannels.Bitcoin.Addresses;

/// <summary>
/// Raised when text that claims to be an address, a Bech32/Base58 string or a
/// WIF key is malformed. The message names the broken rule in the words of the
/// spec that defines it (BIP 173, BIP 350, Base58Check), so a user pasting an
/// address can be told exactly what is wrong with it.
/// </summary>
public class AddressFormatException : BitcoinFormatException
{
    public AddressFormatException()
    {
    }

    public AddressFormatException(string message)
        : base(message)
    {
    }

    public AddressFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
