namespace Microchannels.Channels.Transport;

/// <summary>
/// The peer sent a <c>ping</c> or <c>pong</c> before its first Lightning message. BOLT 1
/// "The init Message": the sender "MUST send init as the first Lightning message for any
/// connection"; the connection is refused, and nothing is answered.
/// </summary>
public sealed class ControlBeforeInitException : TransportException
{
    public ControlBeforeInitException()
    {
    }

    public ControlBeforeInitException(string message)
        : base(message)
    {
    }

    public ControlBeforeInitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ControlBeforeInitException(ushort messageType)
        : base($"The peer sent message type {messageType} ({(messageType == 18 ? "ping" : "pong")}) before init (BOLT 1: init MUST be the first message).")
    {
        MessageType = messageType;
    }

    public ushort MessageType { get; }
}
