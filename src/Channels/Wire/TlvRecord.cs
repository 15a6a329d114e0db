namespace Microchannels.Channels.Wire;

/// <summary>
/// BOLT 1, "Type-Length-Value Format": one `tlv_record`, a BigSize `type` and the
/// `value` bytes (the BigSize `length` is implied by the value).
/// </summary>
public readonly record struct TlvRecord(ulong Type, ByteVector Value)
{
    public TlvRecord(ulong type, byte[] value)
        : this(type, new ByteVector(value))
    {
    }
}
