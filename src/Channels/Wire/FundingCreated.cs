namespace Microchannels.Channels.Wire;

/// <summary>
/// BOLT 2, "The funding_created Message" (type 34). `funding_output_index` is a
/// u16 because it is packed into the `channel_id` (BOLT 2 rationale).
/// </summary>
public sealed record FundingCreated(
    ChannelId TemporaryChannelId,
    Sha256Hash FundingTxid,
    ushort FundingOutputIndex,
    CompactSignature Signature) : LightningMessage
{
    private static readonly TlvNamespace Tlvs = new("funding_created_tlvs");

    public static FundingCreated Read(ref WireReader reader) =>
        new(reader.ReadChannelId(), reader.ReadSha256(), reader.ReadU16(), reader.ReadSignature())
        {
            Extension = TlvStream.Read(ref reader, Tlvs),
        };

    public static void Write(WireWriter writer, FundingCreated message)
    {
        writer.Write(message.TemporaryChannelId);
        writer.Write(message.FundingTxid);
        writer.WriteU16(message.FundingOutputIndex);
        writer.Write(message.Signature);
        message.Extension.Write(writer);
    }
}
