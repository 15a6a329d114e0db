namespace Microchannels.Channels.Wire;

/// <summary>
/// BOLT 2, "The accept_channel Message" (type 33), fields in the spec's order.
/// The receiver "MUST fail the channel" when `channel_type` is missing or differs
/// from `open_channel`'s: a channel-layer check, so absence decodes as null here.
/// </summary>
public sealed record AcceptChannel(
    ChannelId TemporaryChannelId,
    ulong DustLimitSatoshis,
    MilliSatoshis MaxHtlcValueInFlightMsat,
    ulong ChannelReserveSatoshis,
    MilliSatoshis HtlcMinimumMsat,
    uint MinimumDepth,
    ushort ToSelfDelay,
    ushort MaxAcceptedHtlcs,
    Point FundingPubkey,
    Point RevocationBasepoint,
    Point PaymentBasepoint,
    Point DelayedPaymentBasepoint,
    Point HtlcBasepoint,
    Point FirstPerCommitmentPoint) : LightningMessage
{
    /// <summary>`accept_channel_tlvs` type 0: `...*byte` `shutdown_scriptpubkey`.</summary>
    private static readonly TlvField<ByteVector> UpfrontShutdownScriptField = TlvField.Bytes(0, "upfront_shutdown_script");

    /// <summary>`accept_channel_tlvs` type 1: `...*byte` `type`.</summary>
    private static readonly TlvField<FeatureBits> ChannelTypeField = TlvField.Features(1, "channel_type");

    private static readonly TlvNamespace Tlvs = new("accept_channel_tlvs", UpfrontShutdownScriptField, ChannelTypeField);

    public ByteVector? UpfrontShutdownScript { get; init; }

    public FeatureBits? ChannelType { get; init; }

    public static AcceptChannel Read(ref WireReader reader)
    {
        var message = new AcceptChannel(
            reader.ReadChannelId(),
            reader.ReadU64(),
            reader.ReadMilliSatoshis(),
            reader.ReadU64(),
            reader.ReadMilliSatoshis(),
            reader.ReadU32(),
            reader.ReadU16(),
            reader.ReadU16(),
            reader.ReadPoint(),
            reader.ReadPoint(),
            reader.ReadPoint(),
            reader.ReadPoint(),
            reader.ReadPoint(),
            reader.ReadPoint());
        var tlvs = TlvStream.Read(ref reader, Tlvs);
        return message with
        {
            UpfrontShutdownScript = tlvs.FindValue(UpfrontShutdownScriptField),
            ChannelType = tlvs.Find(ChannelTypeField),
            Extension = tlvs.WithoutKnown(Tlvs),
        };
    }

    public static void Write(WireWriter writer, AcceptChannel message)
    {
        writer.Write(message.TemporaryChannelId);
        writer.WriteU64(message.DustLimitSatoshis);
        writer.Write(message.MaxHtlcValueInFlightMsat);
        writer.WriteU64(message.ChannelReserveSatoshis);
        writer.Write(message.HtlcMinimumMsat);
        writer.WriteU32(message.MinimumDepth);
        writer.WriteU16(message.ToSelfDelay);
        writer.WriteU16(message.MaxAcceptedHtlcs);
        writer.Write(message.FundingPubkey);
        writer.Write(message.RevocationBasepoint);
        writer.Write(message.PaymentBasepoint);
        writer.Write(message.DelayedPaymentBasepoint);
        writer.Write(message.HtlcBasepoint);
        writer.Write(message.FirstPerCommitmentPoint);
        Tlvs.Compose(
            message.Extension,
            TlvOptional.Record(UpfrontShutdownScriptField, message.UpfrontShutdownScript),
            TlvOptional.Record(ChannelTypeField, message.ChannelType)).Write(writer);
    }
}
