using Microchannels.Bitcoin;

namespace Microchannels.Channels.Engine.OnChain;

/// <summary>
/// How a claim's feerate climbs while it waits for a block, after LDK's
/// <c>OnchainTxHandler</c> and <c>package.rs</c> (<c>feerate_bump</c>): at each new block an
/// unconfirmed claim is re-signed at the higher of the estimator's rate and a deadline-aware
/// schedule, and every new version is a valid BIP 125 replacement of the one before. The
/// schedule rises geometrically from the first rate to the ceiling and reaches it with half
/// the blocks before the deadline still to go: for a penalty the deadline is the cheater's
/// <c>to_self_delay</c> (BOLT 5 "Revoked Transaction Close Handling": the penalty must confirm
/// before the cheater can spend its <c>to_local</c> with its delayed key; BOLT 3
/// "<c>to_local</c> Output"), so a cheater who lowered <c>update_fee</c> to the relay floor
/// cannot outwait it. Pure: depths and rates in, a rate out.
/// </summary>
public static class ClaimFeeSchedule
{
    /// <summary>The spending depth at which the schedule reaches the ceiling: halfway to the deadline, at least one block after the start.</summary>
    public static uint CeilingDepth(uint startDepth, uint deadlineDepth)
    {
        uint window = deadlineDepth > startDepth ? deadlineDepth - startDepth : 0;
        return startDepth + Math.Max(1u, window / 2);
    }

    /// <summary>
    /// The rate the schedule asks for at spending depth <paramref name="depth"/>:
    /// <paramref name="start"/> up to <paramref name="startDepth"/>, then
    /// <c>start * (ceiling / start)^(elapsed / reach)</c> rounded up, then the ceiling from
    /// <see cref="CeilingDepth"/> on. Never decreases as the depth grows.
    /// </summary>
    public static FeeratePerKw Scheduled(FeeratePerKw start, FeeratePerKw ceiling, uint startDepth, uint deadlineDepth, uint depth)
    {
        if (start >= ceiling)
        {
            return ceiling;
        }

        if (depth <= startDepth)
        {
            return start;
        }

        uint reach = CeilingDepth(startDepth, deadlineDepth) - startDepth;
        uint elapsed = depth - startDepth;
        if (elapsed >= reach)
        {
            return ceiling;
        }

        double rate = start.Value * Math.Pow((double)ceiling.Value / start.Value, (double)elapsed / reach);
        return new FeeratePerKw((uint)Math.Clamp(Math.Ceiling(rate), start.Value, ceiling.Value));
    }

    /// <summary>
    /// The least feerate a replacement of a claim that pays <paramref name="previousFee"/> at
    /// <paramref name="weight"/> may pay. BIP 125 "Implementation Details": the replacement pays
    /// "an absolute fee of at least the sum paid by the original transactions" (rule 3) and
    /// "for its own bandwidth at or above the rate set by the node's minimum relay fee setting"
    /// (rule 4, bitcoind's <c>-incrementalrelayfee</c> times its virtual size, rounded up), so
    /// its feerate is higher too (bitcoind's rule 6). Every version has the same weight.
    /// </summary>
    public static FeeratePerKw MinimumReplacement(Satoshis previousFee, int weight, FeeratePerKw incrementalRelay)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(weight);
        long virtualSize = (weight + 3) / 4;
        long increment = CeilingDivide(incrementalRelay.Value * 4L * virtualSize, 1000);
        long fee = previousFee.Value + increment;
        return new FeeratePerKw((uint)Math.Min(uint.MaxValue, CeilingDivide(fee * 1000, weight)));
    }

    /// <summary>The highest rate at which a claim of <paramref name="claimed"/> still leaves an output above <paramref name="dustLimit"/>.</summary>
    public static FeeratePerKw Affordable(Satoshis claimed, Satoshis dustLimit, int weight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(weight);
        long fee = Math.Max(0, claimed.Value - dustLimit.Value);
        return new FeeratePerKw((uint)Math.Min(uint.MaxValue, fee * 1000 / weight));
    }

    /// <summary>
    /// The rate of the claim's next version at spending depth <paramref name="depth"/>, or null
    /// to keep (and rebroadcast) the current one: the higher of the estimate and the schedule,
    /// raised to a valid replacement (<see cref="MinimumReplacement"/>), and never above the
    /// ceiling or what the claimed <paramref name="claimed"/> can pay.
    /// </summary>
    public static FeeratePerKw? Next(ClaimFees fees, uint depth, Satoshis claimed, Satoshis dustLimit)
    {
        ArgumentNullException.ThrowIfNull(fees);
        var cap = Min(fees.Ceiling, Affordable(claimed, dustLimit, fees.Weight));
        var target = Min(Max(fees.Estimate, Scheduled(fees.Start, fees.Ceiling, fees.StartDepth, fees.DeadlineDepth, depth)), cap);
        if (target <= fees.Feerate)
        {
            return null;
        }

        var rate = Max(target, MinimumReplacement(fees.Fee, fees.Weight, fees.IncrementalRelay));
        return rate <= cap ? rate : null;
    }

    private static long CeilingDivide(long numerator, long denominator) => (numerator + denominator - 1) / denominator;

    private static FeeratePerKw Max(FeeratePerKw a, FeeratePerKw b) => a >= b ? a : b;

    private static FeeratePerKw Min(FeeratePerKw a, FeeratePerKw b) => a <= b ? a : b;
}
