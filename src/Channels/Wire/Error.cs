namespace Microchannels.Channels.Wire;

/// <summary>
/// BOLT 1, "The error and warning Messages" (type 17). The sender fails the
/// channel(s) named by <paramref name="ChannelId"/>; all-zero means all channels.
/// <paramref name="Data"/> may be any bytes: BOLT 1 says a receiver "SHOULD NOT
/// print out data verbatim" unless it is printable ASCII.
/// </summary>
public sealed record Error(ChannelId ChannelId, ByteVector Data) : LightningMessage
{
    private static readonly TlvNamespace Tlvs = new("error_tlvs");

    public static Error Read(ref WireReader reader) =>
        new(reader.ReadChannelId(), reader.ReadU16PrefixedBytes()) { Extension = TlvStream.Read(ref reader, Tlvs) };

    public static void Write(WireWriter writer, Error message)
    {
        writer.Write(message.ChannelId);
        writer.WriteU16PrefixedBytes(message.Data);
        message.Extension.Write(writer);
    }
}
