namespace Microchannels.Channels.Wire;

/// <summary>
/// BOLT 2, "The funding_signed Message" (type 35): the first message to carry the
/// real `channel_id` (funding_txid XOR funding_output_index in its last 2 bytes).
/// </summary>
public sealed record FundingSigned(ChannelId ChannelId, CompactSignature Signature) : LightningMessage
{
    private static readonly TlvNamespace Tlvs = new("funding_signed_tlvs");

    public static FundingSigned Read(ref WireReader reader) =>
        new(reader.ReadChannelId(), reader.ReadSignature()) { Extension = TlvStream.Read(ref reader, Tlvs) };

    public static void Write(WireWriter writer, FundingSigned message)
    {
        writer.Write(message.ChannelId);
        writer.Write(message.Signature);
        message.Extension.Write(writer);
    }
}
