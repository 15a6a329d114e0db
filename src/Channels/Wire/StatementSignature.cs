namespace Microchannels.Channels.Wire;

/// <summary>
/// Our <c>statement_signature</c> (docs/PROTOCOL.md, "Message: statement_signature"),
/// type <see cref="MessageTypes.StatementSignature"/>: at a statement boundary each
/// side sends its node signature over the statement's digest (docs/STATEMENTS.md).
/// The receiver builds the same statement from its own records, so it checks the
/// digest it computed, never one it was told.
/// </summary>
public sealed record StatementSignature(
    ChannelId ChannelId,
    ulong PeriodStart,
    ulong PeriodEnd,
    ulong TreeSize,
    Sha256Hash Digest,
    CompactSignature Signature) : LightningMessage
{
    public static StatementSignature Read(ref WireReader reader) => new(
        reader.ReadChannelId(),
        reader.ReadU64(),
        reader.ReadU64(),
        reader.ReadU64(),
        reader.ReadSha256(),
        reader.ReadSignature()) { Extension = TlvStream.Read(ref reader, StatementTlvs) };

    public static void Write(WireWriter writer, StatementSignature message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(message);
        writer.Write(message.ChannelId);
        writer.WriteU64(message.PeriodStart);
        writer.WriteU64(message.PeriodEnd);
        writer.WriteU64(message.TreeSize);
        writer.Write(message.Digest);
        writer.Write(message.Signature);
        message.Extension.Write(writer);
    }

    /// <summary>No known records yet: odd ones are kept, even ones refused (BOLT 1).</summary>
    private static readonly TlvNamespace StatementTlvs = new("statement_signature_tlvs");
}
