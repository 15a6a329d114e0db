using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Persistence;

/// <summary>Our latest commitment: its number, its spec, and the counterparty's signature on it.</summary>
internal static class LocalCommitCodec
{
    public static void Write(WireWriter writer, LocalCommit commit)
    {
        writer.WriteCommitmentNumber(commit.Index);
        CommitmentSpecCodec.Write(writer, commit.Spec);
        writer.WriteEcdsaSignature(commit.RemoteSignature);
    }

    public static LocalCommit Read(ref WireReader reader) => new(
        reader.ReadCommitmentNumber(),
        CommitmentSpecCodec.Read(ref reader),
        reader.ReadEcdsaSignature());
}
