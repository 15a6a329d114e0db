using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Chain;
using Microchannels.Settlement.Fees;
using Microchannels.Settlement.Tests.Support;

namespace Microchannels.Settlement.Tests.Fees;

/// <summary>The engine's hosts see bitcoind's estimate only as a sat/kw rate (<see cref="IFeerateEstimator"/>).</summary>
public class FeerateEstimatorInterfaceTests
{
    [Fact]
    public async Task The_chain_interface_gives_the_converted_estimate_or_the_fallback()
    {
        using var fake = FakeBitcoind.Start(
            FakeReply.Result("""{"feerate":0.00020000,"blocks":6}"""),
            FakeReply.Recorded(RecordedReplies.EstimateSmartFeeNoData));
        IFeerateEstimator estimator = new FeeEstimator(fake.Client(), new FeeratePerKw(2_500));

        // 0.0002 BTC/kvB = 20,000 sat per 4,000 weight = 5,000 sat/kw.
        Assert.Equal(new FeeratePerKw(5_000), await estimator.EstimateFeerateAsync(6, CancellationToken.None));
        Assert.Equal(new FeeratePerKw(2_500), await estimator.EstimateFeerateAsync(6, CancellationToken.None));
    }
}
