namespace Microchannels.Channels.Wire;

/// <summary>
/// A known TLV type decoded into a <typeparamref name="T"/>. The same reader
/// validates the record while the stream is parsed and extracts the value
/// afterwards, so validation and use can never disagree.
/// </summary>
public sealed class TlvField<T> : TlvField
{
    private readonly TlvValueReader<T> _read;
    private readonly Action<WireWriter, T> _write;

    public TlvField(ulong type, string name, TlvValueReader<T> read, Action<WireWriter, T> write)
        : base(type, name)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(write);
        _read = read;
        _write = write;
    }

    /// <summary>
    /// Decodes a value that must be consumed exactly: BOLT 1 says a length "not
    /// exactly equal to that required for the known encoding" fails the stream
    /// (<see cref="WireFormatReason.InvalidTlvValue"/>); a non-minimal truncated
    /// integer inside keeps its own reason.
    /// </summary>
    public T Read(ReadOnlySpan<byte> value)
    {
        var reader = new WireReader(value, Name);
        T result = _read(ref reader);
        reader.EnsureEnd();
        return result;
    }

    public override void Validate(ReadOnlySpan<byte> value) => Read(value);

    public TlvRecord ToRecord(T value)
    {
        var writer = new WireWriter(64);
        _write(writer, value);
        return new TlvRecord(Type, new ByteVector(writer.WrittenSpan));
    }
}
