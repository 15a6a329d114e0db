namespace Microchannels.Channels.Wire;

/// <summary>
/// Our balance transfer (DESIGN.md decision 2; byte layout in docs/PROTOCOL.md),
/// type <see cref="MessageTypes.UpdateTransfer"/>. Like an `update_*` message of
/// BOLT 2 it is committed by the next `commitment_signed` / `revoke_and_ack`
/// exchange; `id` increases by one per transfer in each direction, as an HTLC id
/// does, so both sides can name a transfer during reestablishment.
/// </summary>
public sealed record UpdateTransfer(
    ChannelId ChannelId,
    ulong Id,
    MilliSatoshis AmountMsat,
    SignedMeterReading MeterReading) : LightningMessage
{
    /// <summary>
    /// `update_transfer_tlvs` type 0 `meter_reading`. Even on purpose: BOLT 1 says
    /// to pick even TLV types "when regular nodes should reject the full tlv
    /// stream" without it. Nodes that do not know `update_transfer` never parse
    /// this stream (the message type is odd and behind a feature bit), and a node
    /// that knows the message must not accept a payment without the reading it
    /// pays for (DESIGN.md decision 6), so we also reject a message that lacks it.
    /// </summary>
    private static readonly TlvField<SignedMeterReading> MeterReadingField =
        new(0, "meter_reading", SignedMeterReading.Read, SignedMeterReading.Write);

    private static readonly TlvNamespace Tlvs = new("update_transfer_tlvs", MeterReadingField);

    public static UpdateTransfer Read(ref WireReader reader)
    {
        var channelId = reader.ReadChannelId();
        ulong id = reader.ReadU64();
        var amount = reader.ReadMilliSatoshis();
        var tlvs = TlvStream.Read(ref reader, Tlvs);
        var reading = tlvs.Find(MeterReadingField) ?? throw new WireFormatException(
            WireFormatReason.MissingRequiredTlv,
            "update_transfer carries no meter_reading record.");
        return new UpdateTransfer(channelId, id, amount, reading) { Extension = tlvs.WithoutKnown(Tlvs) };
    }

    public static void Write(WireWriter writer, UpdateTransfer message)
    {
        writer.Write(message.ChannelId);
        writer.WriteU64(message.Id);
        writer.Write(message.AmountMsat);
        Tlvs.Compose(message.Extension, MeterReadingField.ToRecord(message.MeterReading)).Write(writer);
    }
}
