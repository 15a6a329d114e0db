namespace Microchannels.Channels.Wire;

/// <summary>BOLT 1, "The ping and pong Messages" (type 19): `byteslen` equals the ping's `num_pong_bytes`.</summary>
public sealed record Pong(ByteVector Ignored) : LightningMessage
{
    private static readonly TlvNamespace Tlvs = new("pong_tlvs");

    public static Pong Read(ref WireReader reader) =>
        new(reader.ReadU16PrefixedBytes()) { Extension = TlvStream.Read(ref reader, Tlvs) };

    public static void Write(WireWriter writer, Pong message)
    {
        writer.WriteU16PrefixedBytes(message.Ignored);
        message.Extension.Write(writer);
    }
}
