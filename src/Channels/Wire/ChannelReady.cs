namespace Microchannels.Channels.Wire;

/// <summary>BOLT 2, "The channel_ready Message" (type 36), formerly `funding_locked`.</summary>
public sealed record ChannelReady(ChannelId ChannelId, Point SecondPerCommitmentPoint) : LightningMessage
{
    /// <summary>`channel_ready_tlvs` type 1 `short_channel_id`: the `alias`.</summary>
    private static readonly TlvField<ShortChannelId> AliasField = new(
        1,
        "short_channel_id",
        static (ref WireReader reader) => reader.ReadShortChannelId(),
        static (writer, alias) => writer.Write(alias));

    private static readonly TlvNamespace Tlvs = new("channel_ready_tlvs", AliasField);

    /// <summary>BOLT 2: MUST be set if `option_scid_alias` was negotiated, MAY be set otherwise.</summary>
    public ShortChannelId? ShortChannelIdAlias { get; init; }

    public static ChannelReady Read(ref WireReader reader)
    {
        var message = new ChannelReady(reader.ReadChannelId(), reader.ReadPoint());
        var tlvs = TlvStream.Read(ref reader, Tlvs);
        return message with
        {
            ShortChannelIdAlias = tlvs.FindValue(AliasField),
            Extension = tlvs.WithoutKnown(Tlvs),
        };
    }

    public static void Write(WireWriter writer, ChannelReady message)
    {
        writer.Write(message.ChannelId);
        writer.Write(message.SecondPerCommitmentPoint);
        Tlvs.Compose(message.Extension, TlvOptional.Record(AliasField, message.ShortChannelIdAlias)).Write(writer);
    }
}
