namespace Microchannels.Channels.Wire;

/// <summary>
/// BOLT 2, "The open_channel Message" (type 32), fields in the spec's order.
/// Semantic checks (push_msat &lt;= 1000 * funding_satoshis, dust limits, valid
/// points, a present channel_type) are the receiver's channel-level duties and
/// live in the channel layer, which fails the channel rather than the connection.
/// </summary>
public sealed record OpenChannel(
    ChainHash ChainHash,
    ChannelId TemporaryChannelId,
    ulong FundingSatoshis,
    MilliSatoshis PushMsat,
    ulong DustLimitSatoshis,
    MilliSatoshis MaxHtlcValueInFlightMsat,
    ulong ChannelReserveSatoshis,
    MilliSatoshis HtlcMinimumMsat,
    uint FeeratePerKw,
    ushort ToSelfDelay,
    ushort MaxAcceptedHtlcs,
    Point FundingPubkey,
    Point RevocationBasepoint,
    Point PaymentBasepoint,
    Point DelayedPaymentBasepoint,
    Point HtlcBasepoint,
    Point FirstPerCommitmentPoint,
    byte ChannelFlags) : LightningMessage
{
    /// <summary>`open_channel_tlvs` type 0: `...*byte` `shutdown_scriptpubkey` (may be empty: "0x0000").</summary>
    private static readonly TlvField<ByteVector> UpfrontShutdownScriptField = TlvField.Bytes(0, "upfront_shutdown_script");

    /// <summary>`open_channel_tlvs` type 1: `...*byte` `type`, a feature bitmap.</summary>
    private static readonly TlvField<FeatureBits> ChannelTypeField = TlvField.Features(1, "channel_type");

    /// <summary>
    /// Ours (docs/PROTOCOL.md, "open_channel TLV: meter_reading_pubkey"): the key
    /// that signs the meter readings this channel pays for (DESIGN.md decision 6).
    /// BOLT 1, "Type-Length-Value Format": types below 2^16 are reserved for the
    /// specification and types from 2^16 up "are available for custom records",
    /// picked at random and odd "when regular nodes should ignore the additional
    /// data". bLIP 2 likewise asks for types above 65536 in BOLT messages.
    /// </summary>
    public const ulong MeterReadingPubkeyType = 1_030_518_293;

    /// <summary>`open_channel_tlvs` type <see cref="MeterReadingPubkeyType"/>: `point` `meter_reading_pubkey`.</summary>
    private static readonly TlvField<Point> MeterReadingPubkeyField = new(
        MeterReadingPubkeyType,
        "meter_reading_pubkey",
        static (ref WireReader reader) => reader.ReadPoint(),
        static (writer, point) => writer.Write(point));

    private static readonly TlvNamespace Tlvs = new("open_channel_tlvs", UpfrontShutdownScriptField, ChannelTypeField, MeterReadingPubkeyField);

    /// <summary>BOLT 7: the least-significant bit of `channel_flags`.</summary>
    public bool AnnounceChannel => (ChannelFlags & 1) != 0;

    /// <summary>Null when the record is absent; an empty vector explicitly asks for no upfront script.</summary>
    public ByteVector? UpfrontShutdownScript { get; init; }

    public FeatureBits? ChannelType { get; init; }

    /// <summary>
    /// Optional on the wire (odd type); the channel layer of a provider requires it.
    /// Like every `point`, only its length is checked here.
    /// </summary>
    public Point? MeterReadingPubkey { get; init; }

    public static OpenChannel Read(ref WireReader reader)
    {
        var message = new OpenChannel(
            reader.ReadChainHash(),
            reader.ReadChannelId(),
            reader.ReadU64(),
            reader.ReadMilliSatoshis(),
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
            reader.ReadPoint(),
            reader.ReadByte());
        var tlvs = TlvStream.Read(ref reader, Tlvs);
        return message with
        {
            UpfrontShutdownScript = tlvs.FindValue(UpfrontShutdownScriptField),
            ChannelType = tlvs.Find(ChannelTypeField),
            MeterReadingPubkey = tlvs.Find(MeterReadingPubkeyField),
            Extension = tlvs.WithoutKnown(Tlvs),
        };
    }

    public static void Write(WireWriter writer, OpenChannel message)
    {
        writer.Write(message.ChainHash);
        writer.Write(message.TemporaryChannelId);
        writer.WriteU64(message.FundingSatoshis);
        writer.Write(message.PushMsat);
        writer.WriteU64(message.DustLimitSatoshis);
        writer.Write(message.MaxHtlcValueInFlightMsat);
        writer.WriteU64(message.ChannelReserveSatoshis);
        writer.Write(message.HtlcMinimumMsat);
        writer.WriteU32(message.FeeratePerKw);
        writer.WriteU16(message.ToSelfDelay);
        writer.WriteU16(message.MaxAcceptedHtlcs);
        writer.Write(message.FundingPubkey);
        writer.Write(message.RevocationBasepoint);
        writer.Write(message.PaymentBasepoint);
        writer.Write(message.DelayedPaymentBasepoint);
        writer.Write(message.HtlcBasepoint);
        writer.Write(message.FirstPerCommitmentPoint);
        writer.WriteByte(message.ChannelFlags);
        Tlvs.Compose(
            message.Extension,
            TlvOptional.Record(UpfrontShutdownScriptField, message.UpfrontShutdownScript),
            TlvOptional.Record(ChannelTypeField, message.ChannelType),
            TlvOptional.Record(MeterReadingPubkeyField, message.MeterReadingPubkey)).Write(writer);
    }
}
