using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Chain;
using Microchannels.Channels.Engine.OnChain;
using Microchannels.Settlement.Rpc;

namespace Microchannels.Hosting.Chain;

/// <summary>
/// The claim-pricing step at the host's edge (issue 14 item 1): asks the fee estimator for a
/// prompt confirmation and hands the engine a <see cref="ClaimPricing"/> with each block, so the
/// engine prices and bumps its on-chain claims (BOLT 5) without doing I/O. When bitcoind cannot
/// answer, the answer is null and the engine follows the schedule it stored.
/// </summary>
public sealed class ClaimPricer(IFeerateEstimator estimator, FeeratePerKw ceiling, FeeratePerKw incrementalRelay)
{
    /// <summary>
    /// Two blocks: a claim races a deadline (LDK prices its on-chain sweeps for urgent
    /// confirmation too); the schedule adds urgency as the deadline nears.
    /// </summary>
    public const int ConfirmationTarget = 2;

    /// <summary>The default ceiling and increment (<see cref="ClaimPricing"/>).</summary>
    public ClaimPricer(IFeerateEstimator estimator)
        : this(estimator, ClaimPricing.DefaultCeiling, ClaimPricing.DefaultIncrementalRelay)
    {
    }

    public async Task<ClaimPricing?> PriceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var estimate = await estimator.EstimateFeerateAsync(ConfirmationTarget, cancellationToken).ConfigureAwait(false);
            return new ClaimPricing(estimate, ceiling, incrementalRelay);
        }
        catch (BitcoindException)
        {
            return null;
        }
    }
}
