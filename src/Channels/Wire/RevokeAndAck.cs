namespace Microchannels.Channels.Wire;

/// <summary>
/// BOLT 2, "Completing the Transition to the Updated State: revoke_and_ack"
/// (type 133). Whether the secret generates the previous per-commitment point is
/// for the channel layer, which "MUST send an error and fail the channel" if not.
/// </summary>
public sealed record RevokeAndAck(ChannelId ChannelId, Secret PerCommitmentSecret, Point NextPerCommitmentPoint)
    : LightningMessage
{
    private static readonly TlvNamespace Tlvs = new("revoke_and_ack_tlvs");

    public static RevokeAndAck Read(ref WireReader reader) =>
        new(reader.ReadChannelId(), reader.ReadSecret(), reader.ReadPoint()) { Extension = TlvStream.Read(ref reader, Tlvs) };

    public static void Write(WireWriter writer, RevokeAndAck message)
    {
        writer.Write(message.ChannelId);
        writer.Write(message.PerCommitmentSecret);
        writer.Write(message.NextPerCommitmentPoint);
        message.Extension.Write(writer);
    }
}
