namespace Microchannels.Channels.Wire;

/// <summary>
/// BOLT 1, "The error and warning Messages" (type 1): like `error` but the
/// receiver only logs it (and MAY attempt `shutdown`).
/// </summary>
public sealed record Warning(ChannelId ChannelId, ByteVector Data) : LightningMessage
{
    private static readonly TlvNamespace Tlvs = new("warning_tlvs");

    public static Warning Read(ref WireReader reader) =>
        new(reader.ReadChannelId(), reader.ReadU16PrefixedBytes()) { Extension = TlvStream.Read(ref reader, Tlvs) };

    public static void Write(WireWriter writer, Warning message)
    {
        writer.Write(message.ChannelId);
        writer.WriteU16PrefixedBytes(message.Data);
        message.Extension.Write(writer);
    }
}
