using FsCheck;
using FsCheck.Fluent;
using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.Errors;

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
    internal enum Op
    {
        MeterPays,
        ProviderRefunds,
        FeeUpdate,
        MeterSigns,
        ProviderSigns,
        DeliverToProvider,
        DeliverToMeter,
        Reconnect,
        RestartMeter,
        RestartProvider,
    }

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
                Apply(pair, op, amount, ref meterMsat);
                AssertCommitmentsBalance(pair);
            }

            pair.Settle();
            ReestablishTests.AssertAgreeAndExact(pair, meterMsat);
            var tx = pair.Meter.BuildLocalCommitment(pair.MeterSigner.GetPerCommitmentPoint(pair.Meter.LocalCommit.Index));
            Assert.Equal(ChannelPair.FundingSatoshis, tx.Transaction.Outputs.Sum(o => o.Value.Value) + tx.Fee.Value);
        }));
    }

    private static void Apply(ChannelPair pair, Op op, int amount, ref long meterMsat)
    {
        switch (op)
        {
            case Op.MeterPays when amount <= (long)pair.Meter.AvailableToSend.Value:
                pair.MeterPays((ulong)amount);
                meterMsat -= amount;
                break;
            case Op.ProviderRefunds when amount <= (long)pair.Provider.AvailableToSend.Value:
                pair.ProviderRefunds((ulong)amount);
                meterMsat += amount;
                break;
            case Op.FeeUpdate:
                try
                {
                    var (state, message) = pair.Meter.SendFee(new FeeratePerKw((uint)(253 + (amount % 5000))));
                    pair.Meter = state;
                    pair.EnqueueToProvider(message);
                }
                catch (InsufficientFundsException)
                {
                    // The meter cannot afford that fee right now: a refused local command.
                }

                break;
            case Op.MeterSigns:
                pair.MeterSigns();
                break;
            case Op.ProviderSigns:
                pair.ProviderSigns();
                break;
            case Op.DeliverToProvider when pair.MessagesToProvider > 0:
                pair.DeliverToProvider();
                break;
            case Op.DeliverToMeter when pair.MessagesToMeter > 0:
                pair.DeliverToMeter();
                break;
            case Op.Reconnect:
                pair.Disconnect();
                pair.Reconnect();
                break;
            case Op.RestartMeter:
                pair.Restart(meter: true);
                break;
            case Op.RestartProvider:
                pair.Restart(meter: false);
                break;
        }
    }

    private static void AssertCommitmentsBalance(ChannelPair pair)
    {
        var capacity = new MilliSatoshis((ulong)ChannelPair.FundingSatoshis * 1000);
        Assert.Equal(capacity, pair.Meter.LocalCommit.Spec.ToLocal + pair.Meter.LocalCommit.Spec.ToRemote);
        Assert.Equal(capacity, pair.Provider.LocalCommit.Spec.ToLocal + pair.Provider.LocalCommit.Spec.ToRemote);
    }
}
