using Microchannels.Bitcoin;
using Microchannels.Settlement.Fees;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Tests.Support;

namespace Microchannels.Settlement.Tests.Fees;

/// <summary>
/// estimatesmartfee's BTC/kvB to BOLT 3's sat/kw: 1 kvB is 4000 weight units,
/// so sat/kw = sat/kvB / 4 (rounded down), never below the 253 sat/kw relay floor.
/// </summary>
public sealed class FeeEstimatorTests
{
    private static readonly FeeratePerKw Fallback = new(2_500);

    [Theory]
    [InlineData(1_000, 253, FeerateSource.RelayFloor)] // 1 sat/vB = 250 sat/kw, under the floor
    [InlineData(1_012, 253, FeerateSource.Bitcoind)]   // exactly the floor
    [InlineData(12_345, 3_086, FeerateSource.Bitcoind)] // rounds down
    [InlineData(20_000, 5_000, FeerateSource.Bitcoind)]
    [InlineData(100_000_000, 25_000_000, FeerateSource.Bitcoind)] // 1 BTC/kvB
    public void Converts_satoshis_per_kilovbyte_to_satoshis_per_kiloweight(long perKvB, uint expectedPerKw, FeerateSource expectedSource)
    {
        FeerateEstimate estimate = FeeEstimator.FromEstimate(new SmartFeeEstimate(new Satoshis(perKvB), [], 2), Fallback);

        Assert.Equal(new FeerateEstimate(new FeeratePerKw(expectedPerKw), expectedSource), estimate);
    }

    [Fact]
    public void Without_data_the_fallback_is_used()
    {
        var noData = new SmartFeeEstimate(null, ["Insufficient data or no feerate found"], 0);

        Assert.Equal(new FeerateEstimate(Fallback, FeerateSource.Fallback), FeeEstimator.FromEstimate(noData, Fallback));
    }

    [Fact]
    public void A_fallback_below_the_relay_floor_is_raised_to_it()
    {
        var noData = new SmartFeeEstimate(null, ["Insufficient data or no feerate found"], 0);

        FeerateEstimate estimate = FeeEstimator.FromEstimate(noData, new FeeratePerKw(100));

        Assert.Equal(new FeerateEstimate(FeeratePerKw.MinimumRelay, FeerateSource.RelayFloor), estimate);
    }

    [Fact]
    public async Task Asks_bitcoind_with_the_target_and_mode_and_converts_its_answer()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Result("""{"feerate":0.00020000,"blocks":6}"""));
        using var client = fake.Client();
        var estimator = new FeeEstimator(client, Fallback);

        FeerateEstimate estimate = await estimator.EstimateAsync(6);

        Assert.Equal(new FeerateEstimate(new FeeratePerKw(5_000), FeerateSource.Bitcoind), estimate);
        Assert.Equal("[6,\"conservative\"]", fake.SingleRequest.Params);
    }

    [Fact]
    public async Task Falls_back_when_bitcoind_has_no_data_as_on_regtest()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Recorded(RecordedReplies.EstimateSmartFeeNoData));
        using var client = fake.Client();

        FeerateEstimate estimate = await new FeeEstimator(client, Fallback).EstimateAsync(6);

        Assert.Equal(new FeerateEstimate(Fallback, FeerateSource.Fallback), estimate);
    }

    [Fact]
    public async Task A_failing_node_is_not_hidden_behind_the_fallback()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Error(RpcErrorCode.InvalidParameter, "Invalid conf_target, must be between 1 and 1008"));
        using var client = fake.Client();

        await Assert.ThrowsAsync<BitcoindRpcException>(() => new FeeEstimator(client, Fallback).EstimateAsync(2000));
    }
}
