using Microchannels.Bitcoin;

namespace Microchannels.Channels.Engine;

/// <summary>
/// The feerates a channel accepts in <c>update_fee</c>, sent or received. BOLT 2 "Updating
/// Fees: update_fee", receiver: "if the update_fee is too low for timely processing, OR is
/// unreasonably large: MUST send a warning and close the connection, or send an error and fail
/// the channel". A low rate matters most: a cheater lowers it, then broadcasts a revoked
/// commitment that our penalty must outbid (issue 14). The default spans the relay floor to
/// <see cref="Opening.ChannelAcceptancePolicy"/>'s default maximum; an operator who knows the
/// current mempool sets a higher minimum.
/// </summary>
public sealed record UpdateFeeRange
{
    public UpdateFeeRange(FeeratePerKw minimum, FeeratePerKw maximum)
    {
        if (minimum < FeeratePerKw.MinimumRelay)
        {
            throw new ArgumentOutOfRangeException(nameof(minimum), minimum, $"Must be at least the relay floor {FeeratePerKw.MinimumRelay}.");
        }

        if (maximum < minimum)
        {
            throw new ArgumentOutOfRangeException(nameof(maximum), maximum, "Must not be below the minimum.");
        }

        Minimum = minimum;
        Maximum = maximum;
    }

    public static UpdateFeeRange Default { get; } = new(FeeratePerKw.MinimumRelay, new FeeratePerKw(50_000));

    public FeeratePerKw Minimum { get; }

    public FeeratePerKw Maximum { get; }

    public bool Contains(FeeratePerKw feerate) => feerate >= Minimum && feerate <= Maximum;

    public override string ToString() => $"[{Minimum}, {Maximum}]";
}
