using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Microchannels.Meter.Accounting;

namespace Microchannels.Meter.Tests.Accounting;

public class MoneyAccumulatorTests
{
    [Fact]
    public void A_watt_hour_pulse_at_250_msat_per_watt_hour_is_250_msat()
    {
        var (total, added) = default(MoneyAccumulator).Add(units: 1, msatPerWattHour: 250, unitsPerKilowattHour: 1000);
        Assert.Equal(250UL, added);
        Assert.Equal(new MoneyAccumulator(250, 0), total);
    }

    [Fact]
    public void Thirds_of_a_msat_are_carried_until_they_make_a_whole_one()
    {
        // 3000 imp/kWh at 1 msat/Wh: each pulse is 1/3 Wh, so 1/3 msat (1000/3000 in the remainder).
        var money = default(MoneyAccumulator);
        var added = new List<ulong>();
        for (int i = 0; i < 6; i++)
        {
            (money, ulong a) = money.Add(1, 1, 3000);
            added.Add(a);
        }

        Assert.Equal([0UL, 0UL, 1UL, 0UL, 0UL, 1UL], added);
        Assert.Equal(new MoneyAccumulator(2, 0), money);
    }

    [Fact]
    public void Tenths_of_a_watt_hour_from_an_sml_register_price_exactly()
    {
        // 10,000 units/kWh (0.1 Wh): 37 units = 3.7 Wh; at 33 msat/Wh that is 122.1 msat.
        var (total, added) = default(MoneyAccumulator).Add(37, 33, 10_000);
        Assert.Equal(122UL, added);
        Assert.Equal(1_000UL, total.Remainder); // 0.1 msat = 1000/10,000

        // 0.9 Wh more is 29.7 msat; with the carried 0.1 that is 29.8: 29 paid, 0.8 carried.
        var (after, more) = total.Add(9, 33, 10_000);
        Assert.Equal(29UL, more);
        Assert.Equal(new MoneyAccumulator(151, 8_000), after);
    }

    [Fact]
    public void A_total_past_u64_is_an_overflow_not_a_wrap()
    {
        var nearTop = new MoneyAccumulator(ulong.MaxValue - 10, 0);
        Assert.Throws<OverflowException>(() => nearTop.Add(11, 1, 1000));
        Assert.Equal(ulong.MaxValue, nearTop.Add(10, 1, 1000).Total.Msat);
    }

    private static readonly uint[] Resolutions = [800, 1000, 2000, 3000, 7000, 10_000, 100_000];

    private static Gen<(uint UnitsPerKwh, (int Units, int Price)[] Steps)> Histories =>
        from upk in Gen.Elements(Resolutions)
        from count in Gen.Choose(1, 200)
        from steps in Gen.ArrayOf(
            from units in Gen.Frequency((3, Gen.Choose(0, 20)), (1, Gen.Choose(0, 1_000_000)))
            from price in Gen.Frequency((3, Gen.Choose(0, 500)), (1, Gen.Choose(0, 1_000_000)))
            select (units, price),
            count)
        select (upk, steps);

    [Fact]
    public void Over_any_period_the_msat_paid_equal_energy_times_tariff_to_the_msat()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(Histories), history =>
        {
            var (upk, steps) = history;
            var money = default(MoneyAccumulator);
            var added = new ulong[steps.Length];
            for (int i = 0; i < steps.Length; i++)
            {
                (money, added[i]) = money.Add((ulong)steps[i].Units, (ulong)steps[i].Price, upk);
            }

            // Exact value of each step in msat·upk (so an integer): units × 1000 × price.
            var exact = steps.Select(s => (BigInteger)s.Units * 1000 * s.Price).ToArray();
            BigInteger all = exact.Aggregate(BigInteger.Zero, (a, b) => a + b);
            bool total = money.Msat == all / upk && money.Remainder == all % upk;

            // Any period [from, to): what was paid differs from its exact value by less than 1 msat.
            bool periods = true;
            for (int from = 0; from < steps.Length && periods; from += 1 + (steps.Length / 7))
            {
                for (int to = from + 1; to <= steps.Length; to += 1 + (steps.Length / 5))
                {
                    BigInteger paid = 0, value = 0;
                    for (int i = from; i < to; i++)
                    {
                        paid += added[i];
                        value += exact[i];
                    }

                    BigInteger difference = (paid * upk) - value;
                    periods &= difference > -(BigInteger)upk && difference < upk;
                }
            }

            return total && periods;
        }));
    }
}
