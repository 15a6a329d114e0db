using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.OnChain;

namespace Microchannels.Channels.Tests.Engine.OnChain;

/// <summary>
/// Issue 14 item 1: the claim fee schedule, alone. It climbs every block, reaches the ceiling
/// with half the delay still to go, and every step is a valid BIP 125 replacement.
/// </summary>
public class ClaimFeeScheduleTests
{
    private static readonly FeeratePerKw Floor = FeeratePerKw.MinimumRelay;

    /// <summary>A penalty's weight with one to_local input and maximum-size signatures.</summary>
    private const int PenaltyWeight = 484;

    [Theory]
    [InlineData(7u)]
    [InlineData(144u)]
    [InlineData(2016u)]
    public void The_schedule_starts_at_the_estimate_climbs_every_block_and_reaches_the_ceiling_by_half_the_delay(uint toSelfDelay)
    {
        var ceiling = new FeeratePerKw(50_000);
        uint reached = ClaimFeeSchedule.CeilingDepth(1, toSelfDelay);
        Assert.True(reached - 1 <= Math.Max(1, (toSelfDelay - 1) / 2), $"ceiling at depth {reached} of {toSelfDelay}");

        var previous = ClaimFeeSchedule.Scheduled(Floor, ceiling, 1, toSelfDelay, 1);
        Assert.Equal(Floor, previous);
        for (uint depth = 2; depth <= toSelfDelay + 5; depth++)
        {
            var rate = ClaimFeeSchedule.Scheduled(Floor, ceiling, 1, toSelfDelay, depth);
            Assert.True(rate >= previous, $"{rate} at depth {depth} below {previous}");
            Assert.True(depth >= reached || rate > previous, $"flat at depth {depth} before the ceiling");
            Assert.True(rate <= ceiling);
            Assert.Equal(depth >= reached, rate == ceiling);
            previous = rate;
        }
    }

    [Fact]
    public void A_seven_block_delay_goes_from_the_floor_to_the_ceiling_in_three_blocks()
    {
        var ceiling = new FeeratePerKw(10_000);
        var rates = Enumerable.Range(1, 7).Select(d => ClaimFeeSchedule.Scheduled(Floor, ceiling, 1, 7, (uint)d).Value).ToArray();

        // 253 * (10000 / 253)^(k / 3), rounded up.
        Assert.Equal(new uint[] { 253, 862, 2_936, 10_000, 10_000, 10_000, 10_000 }, rates);
    }

    [Fact]
    public void Every_bump_is_a_valid_bip125_replacement_and_the_ceiling_is_paid_before_the_deadline()
    {
        var ceiling = new FeeratePerKw(10_000);
        var incremental = new FeeratePerKw(500);
        var fees = Start(Floor, ceiling, incremental, startDepth: 1, deadlineDepth: 7);
        var claimed = new Satoshis(400_000);
        int bumps = 0;
        for (uint depth = 1; depth < 7; depth++)
        {
            if (ClaimFeeSchedule.Next(fees, depth, claimed, new Satoshis(546)) is not { } rate)
            {
                continue;
            }

            var fee = rate.FeeForWeight(PenaltyWeight);
            long virtualSize = (PenaltyWeight + 3) / 4;

            // BIP 125 rule 3 (at least the replaced fee), rule 4 (plus the increment for its own size), and a higher feerate.
            Assert.True(fee.Value >= fees.Fee.Value + (incremental.Value * 4L * virtualSize / 1000), $"{fee} after {fees.Fee} at depth {depth}");
            Assert.True(rate > fees.Feerate);
            Assert.True(rate <= ceiling);
            fees = fees with { Feerate = rate, Fee = fee };
            bumps++;
        }

        Assert.Equal(3, bumps);
        Assert.Equal(ceiling, fees.Feerate);
    }

    [Fact]
    public void A_small_step_is_raised_to_the_bip125_minimum()
    {
        // A long delay climbs slowly: the schedule asks for barely more than now.
        var fees = Start(new FeeratePerKw(2_500), new FeeratePerKw(5_000), new FeeratePerKw(253), startDepth: 1, deadlineDepth: 2016);
        var minimum = ClaimFeeSchedule.MinimumReplacement(fees.Fee, PenaltyWeight, fees.IncrementalRelay);

        var scheduled = ClaimFeeSchedule.Scheduled(fees.Start, fees.Ceiling, 1, 2016, 2);
        var rate = ClaimFeeSchedule.Next(fees, 2, new Satoshis(400_000), new Satoshis(546));

        Assert.True(scheduled < minimum, $"the schedule asks {scheduled}, the minimum is {minimum}");
        Assert.Equal(minimum, rate);
        Assert.True(minimum.FeeForWeight(PenaltyWeight).Value >= fees.Fee.Value + ((PenaltyWeight + 3) / 4));
    }

    [Fact]
    public void A_higher_estimate_is_followed_at_once_and_never_above_the_ceiling()
    {
        var fees = Start(Floor, new FeeratePerKw(20_000), new FeeratePerKw(253), startDepth: 1, deadlineDepth: 144);

        Assert.Equal(new FeeratePerKw(8_000), ClaimFeeSchedule.Next(fees with { Estimate = new FeeratePerKw(8_000) }, 1, new Satoshis(400_000), new Satoshis(546)));
        Assert.Equal(new FeeratePerKw(20_000), ClaimFeeSchedule.Next(fees with { Estimate = new FeeratePerKw(90_000) }, 1, new Satoshis(400_000), new Satoshis(546)));
    }

    [Fact]
    public void At_the_ceiling_nothing_is_re_signed()
    {
        var ceiling = new FeeratePerKw(10_000);
        var fees = Start(ceiling, ceiling, new FeeratePerKw(253), startDepth: 1, deadlineDepth: 7);

        Assert.Null(ClaimFeeSchedule.Next(fees, 6, new Satoshis(400_000), new Satoshis(546)));
    }

    [Fact]
    public void A_claim_is_never_priced_into_dust()
    {
        var fees = Start(Floor, new FeeratePerKw(50_000), new FeeratePerKw(253), startDepth: 1, deadlineDepth: 7);
        var claimed = new Satoshis(5_000);

        var rate = ClaimFeeSchedule.Next(fees, 7, claimed, new Satoshis(546))!.Value;

        Assert.Equal(ClaimFeeSchedule.Affordable(claimed, new Satoshis(546), PenaltyWeight), rate);
        Assert.True(claimed - rate.FeeForWeight(PenaltyWeight) >= new Satoshis(546));
    }

    private static ClaimFees Start(FeeratePerKw start, FeeratePerKw ceiling, FeeratePerKw incremental, uint startDepth, uint deadlineDepth) =>
        new(start, start.FeeForWeight(PenaltyWeight), PenaltyWeight, start, start, ceiling, incremental, startDepth, deadlineDepth);
}
