using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Chain;
using Microchannels.Settlement.Rpc;

namespace Microchannels.Settlement.Fees;

/// <summary>
/// Fee rates in sat per 1000 weight units, the unit BOLT 2 and BOLT 3 use
/// (<c>feerate_per_kw</c>), from bitcoind's <c>estimatesmartfee</c> (BTC per
/// 1000 virtual bytes). When bitcoind has no estimate the configured fallback is
/// used, and nothing is ever below <see cref="FeeratePerKw.MinimumRelay"/>: a
/// transaction under the relay floor would not propagate, and a commitment
/// transaction that cannot be broadcast loses its owner's funds.
/// </summary>
public sealed class FeeEstimator : IFeerateEstimator
{
    private readonly BitcoindRpcClient _rpc;

    /// <param name="rpc">The node to ask.</param>
    /// <param name="fallback">Used when bitcoind has no estimate (raised to the relay floor if lower).</param>
    /// <param name="mode">The <c>estimate_mode</c> passed to bitcoind.</param>
    public FeeEstimator(BitcoindRpcClient rpc, FeeratePerKw fallback, FeeEstimateMode mode = FeeEstimateMode.Conservative)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        _rpc = rpc;
        Fallback = fallback;
        Mode = mode;
    }

    public FeeratePerKw Fallback { get; }

    public FeeEstimateMode Mode { get; }

    /// <summary>The fee rate to confirm within <paramref name="confirmationTarget"/> blocks.</summary>
    public async Task<FeerateEstimate> EstimateAsync(int confirmationTarget, CancellationToken cancellationToken = default)
    {
        SmartFeeEstimate estimate = await _rpc.EstimateSmartFeeAsync(confirmationTarget, Mode, cancellationToken).ConfigureAwait(false);
        return FromEstimate(estimate, Fallback);
    }

    /// <summary>The rate alone, for the channel engine's hosts (<see cref="IFeerateEstimator"/>).</summary>
    async Task<FeeratePerKw> IFeerateEstimator.EstimateFeerateAsync(int confirmationTarget, CancellationToken cancellationToken) =>
        (await EstimateAsync(confirmationTarget, cancellationToken).ConfigureAwait(false)).Feerate;

    /// <summary>
    /// The conversion alone: BTC/kvB to sat/kw (1 kvB = 4000 weight units, so
    /// sat/kvB / 4, rounding down), or <paramref name="fallback"/> when the
    /// estimate has no rate, then at least <see cref="FeeratePerKw.MinimumRelay"/>.
    /// </summary>
    public static FeerateEstimate FromEstimate(SmartFeeEstimate estimate, FeeratePerKw fallback)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        (FeeratePerKw rate, FeerateSource source) = estimate.FeeRatePerKilovbyte is { } perKvB
            ? (FeeratePerKw.FromSatoshisPerKilovbyte(perKvB.Value), FeerateSource.Bitcoind)
            : (fallback, FeerateSource.Fallback);
        return rate < FeeratePerKw.MinimumRelay
            ? new FeerateEstimate(FeeratePerKw.MinimumRelay, FeerateSource.RelayFloor)
            : new FeerateEstimate(rate, source);
    }
}
