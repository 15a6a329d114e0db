namespace Microchannels.Channels.Transport;

/// <summary>
/// A received Lightning message's encrypted length prefix or body failed its
/// Poly1305 MAC (BOLT 8, "Receiving and Decrypting Messages"). Nothing from the
/// packet is trusted, not even its length, and the session cannot continue.
/// </summary>
public sealed class NoiseMessageAuthenticationException : TransportException
{
    public NoiseMessageAuthenticationException()
    {
    }

    public NoiseMessageAuthenticationException(string message)
        : base(message)
    {
    }

    public NoiseMessageAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
