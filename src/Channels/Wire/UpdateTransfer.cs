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

    /// <summary>
    /// `update_transfer_tlvs` type 2 `meter_reading_v2`: the reading bound to its
    /// chain, channel, provider, transfer, amount and predecessor (docs/PROTOCOL.md).
    /// Even for the reason type 0 is; a new type rather than a new layout for type 0,
    /// so a node that knows only version 1 rejects the stream as BOLT 1 orders for
    /// an unknown even type, instead of misreading 241 bytes as 88.
    /// </summary>
    private static readonly TlvField<SignedMeterReading> MeterReadingV2Field =
        new(2, "meter_reading_v2", SignedMeterReading.ReadV2, SignedMeterReading.WriteV2);

    private static readonly TlvNamespace Tlvs = new("update_transfer_tlvs", MeterReadingField, MeterReadingV2Field);

    public static UpdateTransfer Read(ref WireReader reader)
    {
        var channelId = reader.ReadChannelId();
        ulong id = reader.ReadU64();
        var amount = reader.ReadMilliSatoshis();
        var tlvs = TlvStream.Read(ref reader, Tlvs);
        var v1 = tlvs.Find(MeterReadingField);
        var v2 = tlvs.Find(MeterReadingV2Field);
        if (v1 is not null && v2 is not null)
        {
            // One transfer pays for one reading: two would leave it open which one.
            throw new WireFormatException(WireFormatReason.InvalidTlvValue, "update_transfer carries both meter_reading and meter_reading_v2.");
        }

        var reading = v2 ?? v1 ?? throw new WireFormatException(
            WireFormatReason.MissingRequiredTlv,
            "update_transfer carries no meter_reading or meter_reading_v2 record.");
        return new UpdateTransfer(channelId, id, amount, reading) { Extension = tlvs.WithoutKnown(Tlvs) };
    }

    public static void Write(WireWriter writer, UpdateTransfer message)
    {
        writer.Write(message.ChannelId);
        writer.WriteU64(message.Id);
        writer.Write(message.AmountMsat);
        var record = message.MeterReading.Reading.Version == 2
            ? MeterReadingV2Field.ToRecord(message.MeterReading)
            : MeterReadingField.ToRecord(message.MeterReading);
        Tlvs.Compose(message.Extension, record).Write(writer);
    }
}
