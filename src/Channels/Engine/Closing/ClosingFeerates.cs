using Microchannels.Bitcoin;

namespace Microchannels.Channels.Engine.Closing;

/// <summary>
/// The feerates one side is prepared to close at: <see cref="Preferred"/> for its own
/// proposal and <see cref="Minimum"/>..<see cref="Maximum"/> for its <c>fee_range</c>
/// (BOLT 2 "closing_signed": "SHOULD set the initial fee_satoshis according to its
/// estimate of cost of inclusion in a block", "SHOULD set fee_range according to the
/// minimum and maximum fees it is prepared to pay"). Turned into fees with the closing
/// transaction's expected weight.
/// </summary>
public sealed record ClosingFeerates
{
    public ClosingFeerates(FeeratePerKw preferred, FeeratePerKw minimum, FeeratePerKw maximum)
    {
        if (minimum > preferred || preferred > maximum)
        {
            throw new ArgumentException($"Closing feerates must satisfy minimum <= preferred <= maximum; got {minimum}, {preferred}, {maximum}.", nameof(preferred));
        }

        Preferred = preferred;
        Minimum = minimum;
        Maximum = maximum;
    }

    public FeeratePerKw Preferred { get; }

    public FeeratePerKw Minimum { get; }

    public FeeratePerKw Maximum { get; }

    /// <summary>
    /// A range around an estimate, as eclair does: half of it (not below the relay floor
    /// unless the estimate is) up to twice it.
    /// </summary>
    public static ClosingFeerates Around(FeeratePerKw preferred)
    {
        uint minimum = Math.Min(preferred.Value, Math.Max(FeeratePerKw.MinimumRelay.Value, preferred.Value / 2));
        uint maximum = preferred.Value > uint.MaxValue / 2 ? uint.MaxValue : preferred.Value * 2;
        return new ClosingFeerates(preferred, new FeeratePerKw(minimum), new FeeratePerKw(maximum));
    }
}
