namespace Microchannels.Channels.Wire;

/// <summary>
/// A TLV type a namespace knows, with its encoding. BOLT 1, "Type-Length-Value
/// Format", receiving node: "if type is known: MUST decode the next length bytes
/// using the known encoding for type", and fail the stream if the length is not
/// exactly what that encoding needs or a variable-length part is not minimal.
/// </summary>
public abstract class TlvField
{
    protected TlvField(ulong type, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Type = type;
        Name = name;
    }

    public ulong Type { get; }

    /// <summary>The name the spec gives the record, e.g. "upfront_shutdown_script".</summary>
    public string Name { get; }

    /// <summary>Throws <see cref="WireFormatException"/> unless <paramref name="value"/> is this field's encoding.</summary>
    public abstract void Validate(ReadOnlySpan<byte> value);

    /// <summary>A `...*byte` record: any bytes are valid, including none.</summary>
    public static TlvField<ByteVector> Bytes(ulong type, string name) => new(
        type,
        name,
        static (ref WireReader reader) => new ByteVector(reader.ReadRemaining()),
        static (writer, value) => writer.WriteBytes(value.Span));

    /// <summary>A `...*byte` record holding a feature vector, like `channel_type` (BOLT 2).</summary>
    public static TlvField<FeatureBits> Features(ulong type, string name) => new(
        type,
        name,
        static (ref WireReader reader) => FeatureBits.FromBytes(reader.ReadRemaining()),
        static (writer, value) => writer.WriteBytes(value.Bytes.Span));
}
