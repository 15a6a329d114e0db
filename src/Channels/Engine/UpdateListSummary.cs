using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microchannels.Bitcoin;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine;

/// <summary>
/// The net effect of one side's list of updates on a commitment: the sum of its transfers
/// (null when the sum overflows) and its last fee rate. All of one side's transfers move
/// money the same way, so applying them one by one fails exactly when their sum does:
/// <see cref="CommitmentSpecReducer"/> needs only this. Summaries of immutable lists are
/// remembered per list instance, and <see cref="Append"/> extends them in O(1), so checking
/// each of thousands of pipelined proposals does not rescan all the ones before it.
/// </summary>
internal readonly record struct UpdateListSummary(MilliSatoshis? TransferTotal, FeeratePerKw? LastFeerate)
{
    private static readonly ConditionalWeakTable<ImmutableList<ChannelUpdate>, Box> Known = new();

    private static UpdateListSummary Nothing => new(MilliSatoshis.Zero, null);

    public static UpdateListSummary Of(IEnumerable<ChannelUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (updates is ImmutableList<ChannelUpdate> list)
        {
            if (Known.TryGetValue(list, out var box))
            {
                return box.Summary;
            }

            var computed = Scan(list);
            Known.AddOrUpdate(list, new Box(computed));
            return computed;
        }

        return Scan(updates);
    }

    /// <summary><paramref name="list"/> with <paramref name="update"/> added, its summary extended rather than recomputed.</summary>
    public static ImmutableList<ChannelUpdate> Append(ImmutableList<ChannelUpdate> list, ChannelUpdate update)
    {
        ArgumentNullException.ThrowIfNull(list);
        var next = list.Add(update);
        Known.AddOrUpdate(next, new Box(Of(list).With(update)));
        return next;
    }

    private static UpdateListSummary Scan(IEnumerable<ChannelUpdate> updates)
    {
        var summary = Nothing;
        foreach (var update in updates)
        {
            summary = summary.With(update);
        }

        return summary;
    }

    private UpdateListSummary With(ChannelUpdate update) => update switch
    {
        TransferUpdate transfer => this with
        {
            TransferTotal = TransferTotal is { } total && MilliSatoshis.TryAdd(total, transfer.Amount, out var sum) ? sum : null,
        },
        FeeUpdate fee => this with { LastFeerate = fee.Feerate },
        _ => throw new ArgumentException($"Unknown update {update.GetType().Name}.", nameof(update)),
    };

    private sealed record Box(UpdateListSummary Summary);
}
