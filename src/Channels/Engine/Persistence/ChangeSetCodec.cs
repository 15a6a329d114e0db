using System.Collections.Immutable;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Persistence;

/// <summary>One side's updates: proposed, signed, acked, each a counted list in order.</summary>
internal static class ChangeSetCodec
{
    public static void Write(WireWriter writer, ChangeSet changes)
    {
        WriteList(writer, changes.Proposed);
        WriteList(writer, changes.Signed);
        WriteList(writer, changes.Acked);
    }

    public static ChangeSet Read(ref WireReader reader) => new(
        ReadList(ref reader),
        ReadList(ref reader),
        ReadList(ref reader));

    private static void WriteList(WireWriter writer, ImmutableList<ChannelUpdate> updates)
    {
        writer.WriteCount(updates.Count);
        foreach (var update in updates)
        {
            ChannelUpdateCodec.Write(writer, update);
        }
    }

    private static ImmutableList<ChannelUpdate> ReadList(ref WireReader reader)
    {
        int count = reader.ReadCount(ChannelUpdateCodec.MinimumSize);
        var updates = ImmutableList.CreateBuilder<ChannelUpdate>();
        for (int i = 0; i < count; i++)
        {
            updates.Add(ChannelUpdateCodec.Read(ref reader));
        }

        return updates.ToImmutable();
    }
}
