using FsCheck;
using FsCheck.Fluent;
using Microchannels.Bitcoin;
using Op = Microchannels.Channels.Tests.Engine.ChannelHistory.Op;

namespace Microchannels.Channels.Tests.Engine;

/// <summary>
/// Model-based property test: random, seeded sequences of transfers both ways, fee
/// updates, partial deliveries, disconnects and restarts from the stored encoding. The model is a running total of
/// what was paid; the invariants are the issue's: balances plus fee equal the
/// capacity, both sides agree after reestablish, and every commitment ever signed is
/// current or revoked with its secret stored.
/// </summary>
public class ChannelModelProperties
{
    [Fact]
    public void Random_histories_with_disconnects_keep_every_invariant()
    {
        var step = from op in Gen.Frequency(
                       (6, Gen.Constant(Op.MeterPays)),
                       (3, Gen.Constant(Op.ProviderRefunds)),
                       (1, Gen.Constant(Op.FeeUpdate)),
                       (3, Gen.Constant(Op.MeterSigns)),
                       (3, Gen.Constant(Op.ProviderSigns)),
                       (6, Gen.Constant(Op.DeliverToProvider)),
                       (6, Gen.Constant(Op.DeliverToMeter)),
                       (1, Gen.Constant(Op.Reconnect)),
                       (1, Gen.Constant(Op.RestartMeter)),
                       (1, Gen.Constant(Op.RestartProvider)))
                   from amount in Gen.Choose(1, 3_000_000)
                   select (op, amount);
        var history = Gen.Choose(5, 40).SelectMany(n => step.ArrayOf(n));

        Check.One(Seeded.Config(runs: 2000), Prop.ForAll(Arb.From(history), steps =>
        {
            using var pair = new ChannelPair(meterInitialMsat: 700_000_000);
            long meterMsat = 700_000_000;
            foreach (var (op, amount) in steps)
            {
                meterMsat += ChannelHistory.Apply(pair, op, amount);
                AssertCommitmentsBalance(pair);
            }

            pair.Settle();
            ReestablishTests.AssertAgreeAndExact(pair, meterMsat);
            var tx = pair.Meter.BuildLocalCommitment(pair.MeterSigner.GetPerCommitmentPoint(pair.Meter.LocalCommit.Index));
            Assert.Equal(ChannelPair.FundingSatoshis, tx.Transaction.Outputs.Sum(o => o.Value.Value) + tx.Fee.Value);
        }));
    }

    private static void AssertCommitmentsBalance(ChannelPair pair)
    {
        var capacity = new MilliSatoshis((ulong)ChannelPair.FundingSatoshis * 1000);
        Assert.Equal(capacity, pair.Meter.LocalCommit.Spec.ToLocal + pair.Meter.LocalCommit.Spec.ToRemote);
        Assert.Equal(capacity, pair.Provider.LocalCommit.Spec.ToLocal + pair.Provider.LocalCommit.Spec.ToRemote);
    }
}
