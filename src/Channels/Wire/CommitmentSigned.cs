namespace Microchannels.Channels.Wire;

/// <summary>
/// BOLT 2, "Committing Updates So Far: commitment_signed" (type 132). The
/// `num_htlcs` count is checked against the bytes present before any signature
/// is allocated.
/// </summary>
public sealed record CommitmentSigned(
    ChannelId ChannelId,
    CompactSignature Signature,
    ValueList<CompactSignature> HtlcSignatures) : LightningMessage
{
    /// <summary>`commitment_signed_tlvs` type 1 `funding_txid` (BOLT 2: "MUST set funding_txid").</summary>
    private static readonly TlvField<Sha256Hash> FundingTxidField = new(
        1,
        "funding_txid",
        static (ref WireReader reader) => reader.ReadSha256(),
        static (writer, txid) => writer.Write(txid));

    private static readonly TlvNamespace Tlvs = new("commitment_signed_tlvs", FundingTxidField);

    public Sha256Hash? FundingTxid { get; init; }

    public static CommitmentSigned Read(ref WireReader reader)
    {
        var channelId = reader.ReadChannelId();
        var signature = reader.ReadSignature();
        int count = reader.ReadU16();
        if (count > reader.Remaining / CompactSignature.Size)
        {
            throw new WireFormatException(
                WireFormatReason.Truncated,
                $"num_htlcs {count} needs {count * CompactSignature.Size} bytes, only {reader.Remaining} remain.");
        }

        var htlcSignatures = new CompactSignature[count];
        for (int i = 0; i < count; i++)
        {
            htlcSignatures[i] = reader.ReadSignature();
        }

        var tlvs = TlvStream.Read(ref reader, Tlvs);
        return new CommitmentSigned(channelId, signature, new ValueList<CompactSignature>(htlcSignatures))
        {
            FundingTxid = tlvs.Find(FundingTxidField),
            Extension = tlvs.WithoutKnown(Tlvs),
        };
    }

    public static void Write(WireWriter writer, CommitmentSigned message)
    {
        if (message.HtlcSignatures.Count > ushort.MaxValue)
        {
            throw new ArgumentException("num_htlcs is a u16.", nameof(message));
        }

        writer.Write(message.ChannelId);
        writer.Write(message.Signature);
        writer.WriteU16((ushort)message.HtlcSignatures.Count);
        foreach (var htlcSignature in message.HtlcSignatures)
        {
            writer.Write(htlcSignature);
        }

        Tlvs.Compose(message.Extension, TlvOptional.Record(FundingTxidField, message.FundingTxid)).Write(writer);
    }
}
