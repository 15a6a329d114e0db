namespace Microchannels.Channels.Wire;

/// <summary>BOLT 2, "Updating Fees: update_fee" (type 134), sent only by the node paying the fee.</summary>
public sealed record UpdateFee(ChannelId ChannelId, uint FeeratePerKw) : LightningMessage
{
    private static readonly TlvNamespace Tlvs = new("update_fee_tlvs");

    public static UpdateFee Read(ref WireReader reader) =>
        new(reader.ReadChannelId(), reader.ReadU32()) { Extension = TlvStream.Read(ref reader, Tlvs) };

    public static void Write(WireWriter writer, UpdateFee message)
    {
        writer.Write(message.ChannelId);
        writer.WriteU32(message.FeeratePerKw);
        message.Extension.Write(writer);
    }
}
