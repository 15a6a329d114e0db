using Microchannels.Bitcoin;

namespace Microchannels.Channels.Wire;

/// <summary>
/// Raised when bytes that claim to be a Lightning wire structure (BOLT 1 framing,
/// a TLV stream, a BOLT 2 message) are malformed. Every decoder in this namespace
/// throws this type and nothing else for bad input: BOLT 1 tells the receiver to
/// close the connection, and a caller must be able to do exactly that without
/// mistaking a bug for a misbehaving peer. It derives from
/// <see cref="BitcoinFormatException"/> so one catch covers all peer data.
/// </summary>
public class WireFormatException : BitcoinFormatException
{
    public WireFormatException()
    {
    }

    public WireFormatException(string message)
        : base(message)
    {
    }

    public WireFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WireFormatException(WireFormatReason reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public WireFormatException(WireFormatReason reason, string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>The rule the input broke.</summary>
    public WireFormatReason Reason { get; }
}
