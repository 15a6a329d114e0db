namespace Microchannels.Channels.Wire;

/// <summary>
/// BOLT 2, "Closing Initiation: shutdown" (type 38). Whether `scriptpubkey` has
/// one of the allowed forms is checked by the receiver's channel logic (it
/// "SHOULD send a warning"), not here.
/// </summary>
public sealed record Shutdown(ChannelId ChannelId, ByteVector ScriptPubkey) : LightningMessage
{
    private static readonly TlvNamespace Tlvs = new("shutdown_tlvs");

    public static Shutdown Read(ref WireReader reader) =>
        new(reader.ReadChannelId(), reader.ReadU16PrefixedBytes()) { Extension = TlvStream.Read(ref reader, Tlvs) };

    public static void Write(WireWriter writer, Shutdown message)
    {
        writer.Write(message.ChannelId);
        writer.WriteU16PrefixedBytes(message.ScriptPubkey);
        message.Extension.Write(writer);
    }
}
