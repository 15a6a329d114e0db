using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Persistence;

/// <summary>
/// The counterparty commitment awaiting <c>revoke_and_ack</c>, with the local
/// commitment number it was sent after (BOLT 2 "Message Retransmission" order).
/// </summary>
internal static class PendingRemoteCommitCodec
{
    public static void Write(WireWriter writer, PendingRemoteCommit pending)
    {
        RemoteCommitCodec.Write(writer, pending.Commit);
        writer.WriteCommitmentNumber(pending.SentAfterLocalCommitIndex);
    }

    public static PendingRemoteCommit Read(ref WireReader reader) => new(
        RemoteCommitCodec.Read(ref reader),
        reader.ReadCommitmentNumber());
}
