namespace Microchannels.Channels.Wire;

/// <summary>
/// Why bytes from a peer failed to decode. Each value names the BOLT 1 rule that
/// was broken, so a caller (and a test) can tell a truncated message from a
/// non-canonical one without parsing exception text.
/// </summary>
public enum WireFormatReason
{
    /// <summary>Raised through a standard exception constructor without a reason.</summary>
    Unspecified = 0,

    /// <summary>
    /// A field needs more bytes than remain. BOLT 1, "Lightning Message Format":
    /// a known message with insufficient length for the contents.
    /// </summary>
    Truncated,

    /// <summary>BOLT 1, "Appendix A": a BigSize that fits a shorter encoding.</summary>
    NonMinimalBigSize,

    /// <summary>BOLT 1, "Fundamental Types": leading zeros in a tu16/tu32/tu64.</summary>
    NonMinimalTruncatedInteger,

    /// <summary>A tu16/tu32/tu64 longer than its type's width.</summary>
    TruncatedIntegerTooLong,

    /// <summary>BOLT 1, "Type-Length-Value Format": types not strictly increasing (or repeated).</summary>
    TlvTypesNotIncreasing,

    /// <summary>BOLT 1, "Type-Length-Value Format": a TLV length beyond the bytes remaining.</summary>
    TlvLengthExceedsStream,

    /// <summary>BOLT 1, "Type-Length-Value Format": an even TLV type the namespace does not know.</summary>
    UnknownEvenTlvType,

    /// <summary>A known TLV record whose value does not match its known encoding.</summary>
    InvalidTlvValue,

    /// <summary>A TLV record our own protocol requires (docs/PROTOCOL.md) is absent.</summary>
    MissingRequiredTlv,

    /// <summary>BOLT 1, "Lightning Message Format": an even message type we do not know.</summary>
    UnknownEvenMessageType,

    /// <summary>BOLT 1, "Lightning Message Format": the maximum possible size is 65535 bytes.</summary>
    MessageTooLong,

    /// <summary>Bytes left over after a structure that must end exactly.</summary>
    TrailingBytes,
}
