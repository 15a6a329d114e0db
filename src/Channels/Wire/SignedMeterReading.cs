namespace Microchannels.Channels.Wire;

/// <summary>
/// A <see cref="MeterReading"/> and the meter's 64-byte compact signature over its
/// <see cref="MeterReading.SigningHash"/>. This type only carries the bytes: the
/// signature is verified against the meter's key by the channel layer.
/// </summary>
public sealed record SignedMeterReading(MeterReading Reading, CompactSignature Signature)
{
    /// <summary>A version-1 reading's 24 bytes then the 64-byte signature.</summary>
    public const int EncodedLength = MeterReading.FieldsLength + CompactSignature.Size;

    /// <summary>A version-2 reading's 177 bytes then the 64-byte signature.</summary>
    public const int EncodedLengthV2 = MeterReading.FieldsLengthV2 + CompactSignature.Size;

    /// <summary>The bytes of <see cref="Write"/> or <see cref="WriteV2"/>, by version: a statement's Merkle leaf (docs/STATEMENTS.md).</summary>
    public byte[] Encode()
    {
        var bytes = new byte[EncodedSize];
        EncodeTo(bytes);
        return bytes;
    }

    /// <summary>The length of <see cref="Encode"/>: <see cref="EncodedLengthV2"/> or <see cref="EncodedLength"/>, by version.</summary>
    public int EncodedSize => Reading.Version == 2 ? EncodedLengthV2 : EncodedLength;

    /// <summary>
    /// <see cref="Encode"/> into <paramref name="destination"/> without allocating (a month's
    /// statement hashes half a million of these, docs/PERFORMANCE.md); the same bytes as
    /// <see cref="Write"/> and <see cref="WriteV2"/>. Returns the length written.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="EncodedSize"/>.</exception>
    public int EncodeTo(Span<byte> destination)
    {
        int size = EncodedSize;
        if (destination.Length < size)
        {
            throw new ArgumentException($"A version-{Reading.Version} signed reading takes {size} bytes.", nameof(destination));
        }

        var reading = Reading;
        int at = 0;
        if (reading.Binding is { } binding)
        {
            // MeterReading.WriteV2's order: the signed fields, then the signature.
            at = Put(destination, at, binding.ChainHash.AsSpan());
            at = Put(destination, at, binding.ChannelId.AsSpan());
            at = Put(destination, at, binding.ProviderNodeId.AsSpan());
            at = PutU64(destination, at, binding.TransferId);
            at = PutU64(destination, at, binding.AmountMsat.Value);
            at = PutU64(destination, at, reading.CumulativeWh);
            at = PutU64(destination, at, binding.ExportWh);
            at = PutU64(destination, at, reading.PulseCount);
            at = PutU64(destination, at, reading.Timestamp);
            at = Put(destination, at, binding.PreviousReadingHash.AsSpan());
        }
        else
        {
            at = PutU64(destination, at, reading.CumulativeWh);
            at = PutU64(destination, at, reading.PulseCount);
            at = PutU64(destination, at, reading.Timestamp);
        }

        return Put(destination, at, Signature.AsSpan());
    }

    private static int Put(Span<byte> destination, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination[at..]);
        return at + bytes.Length;
    }

    private static int PutU64(Span<byte> destination, int at, ulong value)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(destination[at..], value);
        return at + 8;
    }

    /// <summary>Reads a version-1 signed reading.</summary>
    public static SignedMeterReading Read(ref WireReader reader) =>
        new(MeterReading.Read(ref reader), reader.ReadSignature());

    /// <summary>Reads a version-2 signed reading.</summary>
    public static SignedMeterReading ReadV2(ref WireReader reader) =>
        new(MeterReading.ReadV2(ref reader), reader.ReadSignature());

    /// <summary>Writes a version-1 signed reading.</summary>
    public static void Write(WireWriter writer, SignedMeterReading value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        value.Reading.Write(writer);
        writer.Write(value.Signature);
    }

    /// <summary>Writes a version-2 signed reading.</summary>
    public static void WriteV2(WireWriter writer, SignedMeterReading value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        value.Reading.WriteV2(writer);
        writer.Write(value.Signature);
    }
}
