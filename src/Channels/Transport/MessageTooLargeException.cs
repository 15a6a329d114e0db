namespace Microchannels.Channels.Transport;

/// <summary>
/// A caller asked to send a Lightning message longer than BOLT 8 allows ("The
/// maximum size of any Lightning message MUST NOT exceed 65535 bytes"). Nothing was
/// sent and the nonce did not move, so the connection remains usable.
/// </summary>
public sealed class MessageTooLargeException : ArgumentException
{
    public MessageTooLargeException()
    {
    }

    public MessageTooLargeException(string message)
        : base(message)
    {
    }

    public MessageTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MessageTooLargeException(int length)
        : base($"A Lightning message may be at most {NoiseMessageEncryptor.MaxMessageLength} bytes; this one is {length}.")
    {
        Length = length;
    }

    public int Length { get; }
}
