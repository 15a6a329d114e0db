namespace Microchannels.Channels.Transport;

/// <summary>A transport deadline expired; the connection has been closed.</summary>
public sealed class TransportTimeoutException : TransportException
{
    public TransportTimeoutException()
    {
    }

    public TransportTimeoutException(string message)
        : base(message)
    {
    }

    public TransportTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TransportTimeoutException(TransportTimeoutKind kind, TimeSpan timeout)
        : base(kind switch
        {
            TransportTimeoutKind.Handshake => $"The BOLT 8 handshake did not complete within {timeout}.",
            TransportTimeoutKind.Init => $"The peer did not send init within {timeout}.",
            _ => $"The peer did not answer a ping within {timeout}.",
        })
    {
        Kind = kind;
        Timeout = timeout;
    }

    public TransportTimeoutKind Kind { get; }

    public TimeSpan Timeout { get; }
}
