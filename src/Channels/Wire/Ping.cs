namespace Microchannels.Channels.Wire;

/// <summary>
/// BOLT 1, "The ping and pong Messages" (type 18). Encoded as given: the rule
/// that a `num_pong_bytes` of 65532 or more gets no answer belongs to the
/// receiver, not to the codec.
/// </summary>
public sealed record Ping(ushort NumPongBytes, ByteVector Ignored) : LightningMessage
{
    /// <summary>BOLT 1: "if num_pong_bytes is less than 65532: MUST respond"; otherwise MUST ignore the ping.</summary>
    public const ushort NoReplyThreshold = 65532;

    private static readonly TlvNamespace Tlvs = new("ping_tlvs");

    public static Ping Read(ref WireReader reader) =>
        new(reader.ReadU16(), reader.ReadU16PrefixedBytes()) { Extension = TlvStream.Read(ref reader, Tlvs) };

    public static void Write(WireWriter writer, Ping message)
    {
        writer.WriteU16(message.NumPongBytes);
        writer.WriteU16PrefixedBytes(message.Ignored);
        message.Extension.Write(writer);
    }
}
