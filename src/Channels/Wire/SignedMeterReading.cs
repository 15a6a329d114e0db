namespace Microchannels.Channels.Wire;

/// <summary>
/// A <see cref="MeterReading"/> and the meter's 64-byte compact signature over its
/// <see cref="MeterReading.SigningHash"/>. This type only carries the bytes: the
/// signature is verified against the meter's key by the channel layer.
/// </summary>
public sealed record SignedMeterReading(MeterReading Reading, CompactSignature Signature)
{
    /// <summary>The reading's 24 bytes then the 64-byte signature.</summary>
    public const int EncodedLength = MeterReading.FieldsLength + CompactSignature.Size;

    public static SignedMeterReading Read(ref WireReader reader) =>
        new(MeterReading.Read(ref reader), reader.ReadSignature());

    public static void Write(WireWriter writer, SignedMeterReading value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        value.Reading.Write(writer);
        writer.Write(value.Signature);
    }
}
