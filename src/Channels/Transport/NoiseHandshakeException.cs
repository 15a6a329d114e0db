namespace Microchannels.Channels.Transport;

/// <summary>
/// A BOLT 8 handshake act was rejected. BOLT 8 says the connection is then
/// terminated "without any further messages"; the handshake that threw has wiped
/// its keys and cannot be continued.
/// </summary>
public sealed class NoiseHandshakeException : TransportException
{
    public NoiseHandshakeException()
    {
    }

    public NoiseHandshakeException(string message)
        : base(message)
    {
    }

    public NoiseHandshakeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public NoiseHandshakeException(int act, NoiseHandshakeFailure reason, string message, Exception? innerException = null)
        : base($"BOLT 8 act {act}: {reason}. {message}", innerException!)
    {
        Act = act;
        Reason = reason;
    }

    /// <summary>The act (1, 2 or 3) that was rejected.</summary>
    public int Act { get; }

    public NoiseHandshakeFailure Reason { get; }
}
