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
        var writer = new WireWriter(EncodedLengthV2);
        if (Reading.Version == 2)
        {
            WriteV2(writer, this);
        }
        else
        {
            Write(writer, this);
        }

        return writer.ToArray();
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
