using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Persistence;

/// <summary>A counterparty commitment we signed: number, spec, txid and per-commitment point.</summary>
internal static class RemoteCommitCodec
{
    public static void Write(WireWriter writer, RemoteCommit commit)
    {
        writer.WriteCommitmentNumber(commit.Index);
        CommitmentSpecCodec.Write(writer, commit.Spec);
        writer.WriteTxId(commit.TxId);
        writer.WritePublicKey(commit.PerCommitmentPoint);
    }

    public static RemoteCommit Read(ref WireReader reader) => new(
        reader.ReadCommitmentNumber(),
        CommitmentSpecCodec.Read(ref reader),
        reader.ReadTxId(),
        reader.ReadPublicKey());
}
