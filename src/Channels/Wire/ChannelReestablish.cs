namespace Microchannels.Channels.Wire;

/// <summary>
/// BOLT 2, "Message Retransmission": `channel_reestablish` (type 136), with the
/// data-loss-protection fields `your_last_per_commitment_secret` (all zeroes
/// when `next_revocation_number` is 0) and `my_current_per_commitment_point`.
/// The `next_funding` (1) and `my_current_funding_locked` (5) records belong to
/// interactive funding and splicing, which we do not implement; being odd they
/// are kept in <see cref="LightningMessage.Extension"/> untouched.
/// </summary>
public sealed record ChannelReestablish(
    ChannelId ChannelId,
    ulong NextCommitmentNumber,
    ulong NextRevocationNumber,
    Secret YourLastPerCommitmentSecret,
    Point MyCurrentPerCommitmentPoint) : LightningMessage
{
    private static readonly TlvNamespace Tlvs = new("channel_reestablish_tlvs");

    public static ChannelReestablish Read(ref WireReader reader) =>
        new(reader.ReadChannelId(), reader.ReadU64(), reader.ReadU64(), reader.ReadSecret(), reader.ReadPoint())
        {
            Extension = TlvStream.Read(ref reader, Tlvs),
        };

    public static void Write(WireWriter writer, ChannelReestablish message)
    {
        writer.Write(message.ChannelId);
        writer.WriteU64(message.NextCommitmentNumber);
        writer.WriteU64(message.NextRevocationNumber);
        writer.Write(message.YourLastPerCommitmentSecret);
        writer.Write(message.MyCurrentPerCommitmentPoint);
        message.Extension.Write(writer);
    }
}
