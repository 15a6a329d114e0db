using Microchannels.Channels.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine;

/// <summary>
/// Applies updates to a commitment spec, from the point of view of the spec's
/// owner (eclair's <c>CommitmentSpec.reduce</c>, STYLE.md #5): the owner's
/// transfers move money from <c>to_local</c> to <c>to_remote</c>, the
/// counterparty's the other way, and the last fee update sets the fee rate.
/// </summary>
public static class CommitmentSpecReducer
{
    /// <summary>
    /// Applies the updates, or returns false when a transfer exceeds its proposer's
    /// balance at that point or a balance would overflow. Callers validating a proposal
    /// turn that into the right error; for already-validated updates use <see cref="Reduce"/>.
    /// </summary>
    public static bool TryReduce(CommitmentSpec spec, IEnumerable<ChannelUpdate> ownerChanges, IEnumerable<ChannelUpdate> counterpartyChanges, out CommitmentSpec reduced)
    {
        ArgumentNullException.ThrowIfNull(spec);
        reduced = spec;
        var owner = UpdateListSummary.Of(ownerChanges);
        var counterparty = UpdateListSummary.Of(counterpartyChanges);

        // The owner's transfers apply first, then the counterparty's; within each list every
        // transfer moves money the same way, so the sums decide (see UpdateListSummary).
        if (owner.TransferTotal is not { } sent || counterparty.TransferTotal is not { } received
            || !MilliSatoshis.TrySubtract(spec.ToLocal, sent, out var toLocal)
            || !MilliSatoshis.TryAdd(spec.ToRemote, sent, out var toRemote)
            || !MilliSatoshis.TrySubtract(toRemote, received, out toRemote)
            || !MilliSatoshis.TryAdd(toLocal, received, out toLocal))
        {
            return false;
        }

        reduced = spec with { ToLocal = toLocal, ToRemote = toRemote, Feerate = counterparty.LastFeerate ?? owner.LastFeerate ?? spec.Feerate };
        return true;
    }

    /// <summary>Applies updates that were validated when proposed; failing here is a bug.</summary>
    public static CommitmentSpec Reduce(ChannelId channelId, CommitmentSpec spec, IEnumerable<ChannelUpdate> ownerChanges, IEnumerable<ChannelUpdate> counterpartyChanges) =>
        TryReduce(spec, ownerChanges, counterpartyChanges, out var reduced)
            ? reduced
            : throw new InvalidOperationException($"Channel {channelId}: committed updates exceed a balance; a proposal escaped validation.");
}
