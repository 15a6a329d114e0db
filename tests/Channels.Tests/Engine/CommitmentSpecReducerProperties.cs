using System.Collections.Immutable;
using Microchannels.Bitcoin;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine;

/// <summary>
/// The reducer works from per-list sums (so pipelined proposals cost O(1) each); an
/// update-by-update oracle, as BOLT 2 describes applying updates, must agree on every list.
/// </summary>
public class CommitmentSpecReducerProperties
{
    private static readonly SignedMeterReading Reading = new(new MeterReading(1, 1, 1), new CompactSignature(new byte[64]));

    [Fact]
    public void Summed_reduction_equals_applying_each_update_in_order_on_ten_thousand_random_cases()
    {
        var random = new Random((int)Seeded.Seed);
        for (int run = 0; run < 10_000; run++)
        {
            var spec = new CommitmentSpec(Amount(random), Amount(random), new FeeratePerKw((uint)random.Next(253, 5_000)), []);
            var owner = Updates(random);
            var counterparty = Updates(random);

            // Built by Append (cached summaries) and by plain Add (scanned): both must match the oracle.
            var appended = owner.Aggregate(ImmutableList<ChannelUpdate>.Empty, UpdateListSummary.Append);
            bool fits = CommitmentSpecReducer.TryReduce(spec, appended, counterparty, out var reduced);
            bool expectedFits = Oracle(spec, owner, counterparty, out var expected);

            Assert.Equal(expectedFits, fits);
            Assert.Equal(expectedFits ? expected : spec, reduced);
        }
    }

    private static MilliSatoshis Amount(Random random) => random.Next(10) switch
    {
        0 => MilliSatoshis.Zero,
        1 => new MilliSatoshis(MilliSatoshis.MaxMoney),
        _ => new MilliSatoshis((ulong)random.NextInt64(0, 2_000_000_000)),
    };

    private static ImmutableList<ChannelUpdate> Updates(Random random)
    {
        var updates = ImmutableList.CreateBuilder<ChannelUpdate>();
        int count = random.Next(0, 12);
        for (int i = 0; i < count; i++)
        {
            updates.Add(random.Next(5) == 0
                ? new FeeUpdate(new FeeratePerKw((uint)random.Next(253, 10_000)))
                : new TransferUpdate((ulong)i, random.Next(20) == 0 ? new MilliSatoshis(MilliSatoshis.MaxMoney) : new MilliSatoshis((ulong)random.NextInt64(1, 400_000_000)), Reading));
        }

        return updates.ToImmutable();
    }

    /// <summary>Each update in turn: the owner's move to_local to to_remote, the counterparty's back, failing on a negative balance or a u64 overflow; the last fee wins.</summary>
    private static bool Oracle(CommitmentSpec spec, IEnumerable<ChannelUpdate> owner, IEnumerable<ChannelUpdate> counterparty, out CommitmentSpec reduced)
    {
        ulong local = spec.ToLocal.Value, remote = spec.ToRemote.Value;
        var feerate = spec.Feerate;
        reduced = spec;
        foreach (var (update, fromOwner) in owner.Select(u => (u, true)).Concat(counterparty.Select(u => (u, false))))
        {
            if (update is FeeUpdate fee)
            {
                feerate = fee.Feerate;
                continue;
            }

            ulong amount = ((TransferUpdate)update).Amount.Value;
            ref ulong from = ref fromOwner ? ref local : ref remote;
            ref ulong to = ref fromOwner ? ref remote : ref local;
            if (amount > from || amount > ulong.MaxValue - to)
            {
                return false;
            }

            from -= amount;
            to += amount;
        }

        reduced = spec with { ToLocal = new MilliSatoshis(local), ToRemote = new MilliSatoshis(remote), Feerate = feerate };
        return true;
    }
}
