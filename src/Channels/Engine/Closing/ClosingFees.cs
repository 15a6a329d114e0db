using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Closing;

/// <summary>
/// <see cref="ClosingFeerates"/> applied to one closing transaction: the fee we propose
/// and the <c>fee_range</c> we send, in satoshis, none above the funder's balance.
/// </summary>
public sealed record ClosingFees(ulong PreferredSatoshis, ClosingFeeRange Range)
{
    public static bool Contains(ClosingFeeRange range, ulong feeSatoshis) =>
        range.MinFeeSatoshis <= feeSatoshis && feeSatoshis <= range.MaxFeeSatoshis;

    /// <summary>The fees both ranges allow, or null when there are none.</summary>
    public static ClosingFeeRange? Overlap(ClosingFeeRange a, ClosingFeeRange b)
    {
        ulong min = Math.Max(a.MinFeeSatoshis, b.MinFeeSatoshis);
        ulong max = Math.Min(a.MaxFeeSatoshis, b.MaxFeeSatoshis);
        return min <= max ? new ClosingFeeRange(min, max) : null;
    }
}
