using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Chain;
using Microchannels.Channels.Engine.OnChain;
using Microchannels.Hosting.Chain;
using Microchannels.Settlement.Rpc;

namespace Microchannels.Settlement.Tests.Hosting;

/// <summary>The hosts' claim-pricing step (issue 14 item 1): the estimate for two blocks, or nothing when bitcoind cannot answer.</summary>
public class ClaimPricerTests
{
    [Fact]
    public async Task The_estimate_for_two_blocks_comes_with_the_ceiling_and_the_increment()
    {
        var estimator = new Estimator(new FeeratePerKw(3_000), null);

        var pricing = await new ClaimPricer(estimator, new FeeratePerKw(20_000), new FeeratePerKw(500)).PriceAsync(CancellationToken.None);

        Assert.Equal(new ClaimPricing(new FeeratePerKw(3_000), new FeeratePerKw(20_000), new FeeratePerKw(500)), pricing);
        Assert.Equal([ClaimPricer.ConfirmationTarget], estimator.Targets);
        Assert.Equal(2, ClaimPricer.ConfirmationTarget);
    }

    [Fact]
    public async Task An_estimate_above_the_ceiling_is_capped_and_one_below_the_floor_raised()
    {
        var high = await new ClaimPricer(new Estimator(new FeeratePerKw(90_000), null)).PriceAsync(CancellationToken.None);
        var low = await new ClaimPricer(new Estimator(new FeeratePerKw(100), null)).PriceAsync(CancellationToken.None);

        Assert.Equal(ClaimPricing.DefaultCeiling, high!.Estimate);
        Assert.Equal(FeeratePerKw.MinimumRelay, low!.Estimate);
    }

    [Fact]
    public async Task Without_an_answer_from_bitcoind_the_engine_gets_no_pricing()
    {
        var pricing = await new ClaimPricer(new Estimator(default, new BitcoindUnavailableException("down"))).PriceAsync(CancellationToken.None);

        Assert.Null(pricing);
    }

    private sealed class Estimator(FeeratePerKw answer, Exception? failure) : IFeerateEstimator
    {
        public List<int> Targets { get; } = [];

        public Task<FeeratePerKw> EstimateFeerateAsync(int confirmationTarget, CancellationToken cancellationToken)
        {
            Targets.Add(confirmationTarget);
            return failure is null ? Task.FromResult(answer) : Task.FromException<FeeratePerKw>(failure);
        }
    }
}
