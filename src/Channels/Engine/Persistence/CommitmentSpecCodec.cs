using System.Collections.Immutable;
using Microchannels.Channels.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Persistence;

/// <summary>A commitment's balances, fee rate and HTLCs (eclair's CommitmentSpec).</summary>
internal static class CommitmentSpecCodec
{
    public static void Write(WireWriter writer, CommitmentSpec spec)
    {
        writer.WriteAmount(spec.ToLocal);
        writer.WriteAmount(spec.ToRemote);
        writer.WriteFeerate(spec.Feerate);
        writer.WriteCount(spec.Htlcs.Length);
        foreach (var htlc in spec.Htlcs)
        {
            HtlcCodec.Write(writer, htlc);
        }
    }

    public static CommitmentSpec Read(ref WireReader reader) => new(
        reader.ReadAmount(),
        reader.ReadAmount(),
        reader.ReadFeerate(),
        ReadHtlcs(ref reader));

    private static ImmutableArray<Htlc> ReadHtlcs(ref WireReader reader)
    {
        // The count is checked against the bytes left, so this capacity is bounded by the input.
        int count = reader.ReadCount(HtlcCodec.Size);
        var htlcs = ImmutableArray.CreateBuilder<Htlc>(count);
        for (int i = 0; i < count; i++)
        {
            htlcs.Add(HtlcCodec.Read(ref reader));
        }

        return htlcs.MoveToImmutable();
    }
}
