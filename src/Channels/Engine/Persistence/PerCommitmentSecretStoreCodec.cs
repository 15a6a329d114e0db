using Microchannels.Channels.Keys;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Persistence;

/// <summary>
/// The counterparty's revealed secrets (BOLT 3 "Efficient Per-commitment Secret
/// Storage"), as <see cref="PerCommitmentSecretStore.Serialize"/> lays them out,
/// behind a u16 length (at most 10 + 49 × 41 = 2019 bytes).
/// </summary>
internal static class PerCommitmentSecretStoreCodec
{
    public static void Write(WireWriter writer, PerCommitmentSecretStore store)
    {
        byte[] bytes = store.Serialize();
        writer.WriteU16(checked((ushort)bytes.Length));
        writer.WriteBytes(bytes);
    }

    public static PerCommitmentSecretStore Read(ref WireReader reader)
    {
        int length = reader.ReadU16();
        int offset = reader.Position;
        var bytes = reader.ReadBytes(length);
        PerCommitmentSecretStore store;
        try
        {
            store = PerCommitmentSecretStore.Deserialize(bytes);
        }
        catch (ChannelStateFormatException e)
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.InvalidSecretStore, $"{e.Message} (offset {offset}).", e);
        }

        // Deserialize takes the entries in any order; a stored state has one encoding.
        if (!store.Serialize().AsSpan().SequenceEqual(bytes))
        {
            throw StateFields.Error(ChannelStateFormatReason.NonCanonical, offset, "The secret store's entries are not in bucket order");
        }

        // The newest secret sits in its own bucket, so it is always derivable; no
        // secret at all means no entry. (Deserialize checked that the entries derive one another.)
        bool consistent = store.LowestIndex is { } lowest
            ? lowest <= CommitmentIndex.First && store.GetSecret(lowest) is not null
            : store.StoredEntryCount == 0;
        return consistent
            ? store
            : throw StateFields.Error(ChannelStateFormatReason.InvalidSecretStore, offset, "The secret store's newest index does not match its entries");
    }
}
