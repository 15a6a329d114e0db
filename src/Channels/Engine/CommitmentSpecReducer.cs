using Microchannels.Channels.Engine.Errors;
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
    public static CommitmentSpec Reduce(ChannelId channelId, CommitmentSpec spec, IEnumerable<ChannelUpdate> ownerChanges, IEnumerable<ChannelUpdate> counterpartyChanges)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var toLocal = spec.ToLocal;
        var toRemote = spec.ToRemote;
        var feerate = spec.Feerate;
        foreach (var update in ownerChanges)
        {
            Apply(channelId, update, ref toLocal, ref toRemote, ref feerate);
        }

        foreach (var update in counterpartyChanges)
        {
            Apply(channelId, update, ref toRemote, ref toLocal, ref feerate);
        }

        return spec with { ToLocal = toLocal, ToRemote = toRemote, Feerate = feerate };
    }

    private static void Apply(ChannelId channelId, ChannelUpdate update, ref MilliSatoshis from, ref MilliSatoshis to, ref Microchannels.Bitcoin.FeeratePerKw feerate)
    {
        switch (update)
        {
            case TransferUpdate transfer:
                // Validated when proposed; failing here means a balance check was skipped.
                if (!MilliSatoshis.TrySubtract(from, transfer.Amount, out from))
                {
                    throw new InsufficientFundsException(channelId, transfer.Amount, from, MilliSatoshis.Zero, MilliSatoshis.Zero, local: false);
                }

                if (!MilliSatoshis.TryAdd(to, transfer.Amount, out var sum))
                {
                    throw new AmountOverflowException(channelId, to, transfer.Amount);
                }

                to = sum;
                break;
            case FeeUpdate fee:
                feerate = fee.Feerate;
                break;
            default:
                throw new ArgumentException($"Unknown update {update.GetType().Name}.", nameof(update));
        }
    }
}
