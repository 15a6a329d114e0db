namespace Microchannels.Channels.Transport;

/// <summary>
/// Base of every BOLT 8 transport failure: a handshake that did not authenticate, a
/// message whose MAC failed, a timeout, a connection lost mid-message. After one of
/// these the connection is finished; catch this type to tell a failed link or peer
/// apart from a bug in our own code.
/// </summary>
public class TransportException : IOException
{
    public TransportException()
    {
    }

    public TransportException(string message)
        : base(message)
    {
    }

    public TransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
