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
        var toLocal = spec.ToLocal;
        var toRemote = spec.ToRemote;
        var feerate = spec.Feerate;
        reduced = spec;
        foreach (var update in ownerChanges)
        {
            if (!TryApply(update, ref toLocal, ref toRemote, ref feerate))
            {
                return false;
            }
        }

        foreach (var update in counterpartyChanges)
        {
            if (!TryApply(update, ref toRemote, ref toLocal, ref feerate))
            {
                return false;
            }
        }

        reduced = spec with { ToLocal = toLocal, ToRemote = toRemote, Feerate = feerate };
        return true;
    }

    /// <summary>Applies updates that were validated when proposed; failing here is a bug.</summary>
    public static CommitmentSpec Reduce(ChannelId channelId, CommitmentSpec spec, IEnumerable<ChannelUpdate> ownerChanges, IEnumerable<ChannelUpdate> counterpartyChanges) =>
        TryReduce(spec, ownerChanges, counterpartyChanges, out var reduced)
            ? reduced
            : throw new InvalidOperationException($"Channel {channelId}: committed updates exceed a balance; a proposal escaped validation.");

    private static bool TryApply(ChannelUpdate update, ref MilliSatoshis from, ref MilliSatoshis to, ref Microchannels.Bitcoin.FeeratePerKw feerate)
    {
        switch (update)
        {
            case TransferUpdate transfer:
                if (!MilliSatoshis.TrySubtract(from, transfer.Amount, out from) || !MilliSatoshis.TryAdd(to, transfer.Amount, out to))
                {
                    return false;
                }

                return true;
            case FeeUpdate fee:
                feerate = fee.Feerate;
                return true;
            default:
                throw new ArgumentException($"Unknown update {update.GetType().Name}.", nameof(update));
        }
    }
}
