namespace Microchannels.Meter.Sources.Sml;

/// <summary>One SML value as its type-length field announces it (SML 1.04, "Type-Length-Field").</summary>
public abstract record SmlValue
{
    /// <summary>An optional value left out (TL byte 0x01: an octet string of no bytes).</summary>
    public sealed record Absent : SmlValue;

    /// <summary>TL byte 0x00, closing an SML message.</summary>
    public sealed record EndOfMessage : SmlValue;

    public sealed record OctetString(byte[] Bytes) : SmlValue;

    public sealed record Boolean(bool Value) : SmlValue;

    /// <summary>A signed integer of 1 to 8 bytes.</summary>
    public sealed record Integer(long Value) : SmlValue;

    /// <summary>An unsigned integer of 1 to 8 bytes.</summary>
    public sealed record Unsigned(ulong Value) : SmlValue;

    public sealed record List(IReadOnlyList<SmlValue> Items) : SmlValue;
}
