using Microchannels.Bitcoin;

namespace Microchannels.Channels.Engine.OnChain;

/// <summary>
/// The fee policy for our on-chain claims (BOLT 5), handed to the engine with a chain input
/// (<c>FundingSpent</c>, <c>BlockConnected</c>) so the engine stays pure: the host asks its fee
/// estimator, the engine prices and bumps. <paramref name="Estimate"/> is the rate the estimator
/// gives now for a prompt confirmation; <paramref name="Ceiling"/> is the most the operator pays;
/// <paramref name="IncrementalRelay"/> is the node's <c>-incrementalrelayfee</c>, which a
/// replacement must add over what it replaces (BIP 125 rule 4).
/// </summary>
public sealed record ClaimPricing
{
    public ClaimPricing(FeeratePerKw estimate, FeeratePerKw ceiling, FeeratePerKw incrementalRelay)
    {
        if (ceiling < FeeratePerKw.MinimumRelay)
        {
            throw new ArgumentOutOfRangeException(nameof(ceiling), ceiling, $"Must be at least the relay floor {FeeratePerKw.MinimumRelay}.");
        }

        ArgumentOutOfRangeException.ThrowIfZero(incrementalRelay.Value, nameof(incrementalRelay));

        // An estimator that answers below the relay floor (or nothing) would price a claim
        // nobody relays; one above the ceiling is capped: the ceiling is the operator's word.
        Estimate = new FeeratePerKw(Math.Clamp(estimate.Value, FeeratePerKw.MinimumRelay.Value, ceiling.Value));
        Ceiling = ceiling;
        IncrementalRelay = incrementalRelay;
    }

    /// <summary>
    /// The default ceiling: the largest <c>update_fee</c> the channel accepts
    /// (<see cref="UpdateFeeRange.Default"/>), 50,000 sat/kw or 200 sat/vB.
    /// </summary>
    public static FeeratePerKw DefaultCeiling => UpdateFeeRange.Default.Maximum;

    /// <summary>
    /// 253 sat/kw, LDK's <c>INCREMENTAL_RELAY_FEE_SAT_PER_1000_WEIGHT</c>: at least bitcoind's
    /// historical 1 sat/vB <c>-incrementalrelayfee</c> default (v30 lowered it to 0.1 sat/vB).
    /// </summary>
    public static FeeratePerKw DefaultIncrementalRelay => FeeratePerKw.MinimumRelay;

    public FeeratePerKw Estimate { get; }

    public FeeratePerKw Ceiling { get; }

    public FeeratePerKw IncrementalRelay { get; }

    /// <summary>An estimate with the default ceiling and incremental relay fee.</summary>
    public static ClaimPricing FromEstimate(FeeratePerKw estimate) => new(estimate, DefaultCeiling, DefaultIncrementalRelay);
}
