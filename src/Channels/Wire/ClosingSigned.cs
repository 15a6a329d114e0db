namespace Microchannels.Channels.Wire;

/// <summary>BOLT 2, "Legacy Closing Negotiation: closing_signed" (type 39).</summary>
public sealed record ClosingSigned(ChannelId ChannelId, ulong FeeSatoshis, CompactSignature Signature) : LightningMessage
{
    /// <summary>`closing_signed_tlvs` type 1 `fee_range`: two u64, exactly 16 bytes.</summary>
    private static readonly TlvField<ClosingFeeRange> FeeRangeField = new(
        1,
        "fee_range",
        static (ref WireReader reader) => new ClosingFeeRange(reader.ReadU64(), reader.ReadU64()),
        static (writer, range) =>
        {
            writer.WriteU64(range.MinFeeSatoshis);
            writer.WriteU64(range.MaxFeeSatoshis);
        });

    private static readonly TlvNamespace Tlvs = new("closing_signed_tlvs", FeeRangeField);

    public ClosingFeeRange? FeeRange { get; init; }

    public static ClosingSigned Read(ref WireReader reader)
    {
        var message = new ClosingSigned(reader.ReadChannelId(), reader.ReadU64(), reader.ReadSignature());
        var tlvs = TlvStream.Read(ref reader, Tlvs);
        return message with
        {
            FeeRange = tlvs.FindValue(FeeRangeField),
            Extension = tlvs.WithoutKnown(Tlvs),
        };
    }

    public static void Write(WireWriter writer, ClosingSigned message)
    {
        writer.Write(message.ChannelId);
        writer.WriteU64(message.FeeSatoshis);
        writer.Write(message.Signature);
        Tlvs.Compose(message.Extension, TlvOptional.Record(FeeRangeField, message.FeeRange)).Write(writer);
    }
}
