using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Transactions;

namespace Microchannels.Channels.Tests.Transactions;

/// <summary>
/// Property tests over random channel states: the commitment builder against an
/// independent model of BOLT 3 "Commitment Transaction Construction".
/// </summary>
public class CommitmentProperties
{
    private const int Runs = 2000;
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(Runs);

    internal sealed record State(ulong ToLocalMsat, ulong ToRemoteMsat, uint Feerate, long DustLimit, ImmutableArray<Htlc> Htlcs, bool LocalIsOpener, ulong CommitmentNumber);

    internal static Gen<State> States()
    {
        var htlc = from offered in Gen.Elements(true, false)
                   from amount in Gen.Choose(0, 3_000_000)
                   from id in Gen.Choose(0, 1000)
                   from expiry in Gen.Choose(400, 600)
                   from hashByte in Gen.Choose(0, 255)
                   select new Htlc(offered ? HtlcDirection.Offered : HtlcDirection.Received, (ulong)id, new MilliSatoshis((ulong)amount * 7), [.. Enumerable.Repeat((byte)hashByte, 32)], (uint)expiry);
        return from htlcs in htlc.ArrayOf(8)
               from count in Gen.Choose(0, 8)
               from localShare in Gen.Choose(0, 1000)
               from feerate in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(253, 20_000)), (1, Gen.Choose(20_000, 3_000_000)))
               from dust in Gen.Choose(354, 20_000)
               from opener in Gen.Elements(true, false)
               from number in Gen.Choose(0, int.MaxValue)
               let chosen = htlcs.Take(count).ToImmutableArray()
               let htlcTotal = chosen.Aggregate(0UL, (sum, h) => sum + h.Amount.Value)
               let rest = (FundingMsat - htlcTotal)
               let toLocal = rest / 1000 * (ulong)localShare
               select new State(toLocal, rest - toLocal, (uint)feerate, dust, chosen, opener, (ulong)number);
    }

    private static ulong FundingMsat => (ulong)Parameters(true, 546).FundingAmount.Value * 1000;

    internal static CommitmentParameters Parameters(bool localIsOpener, long dust) =>
        Bolt3Fixture.Parameters with { LocalIsOpener = localIsOpener, DustLimit = new Satoshis(dust) };

    internal static CommitmentTransaction Build(State s) =>
        CommitmentTransaction.Build(
            Parameters(s.LocalIsOpener, s.DustLimit),
            Bolt3Fixture.Keys,
            s.CommitmentNumber,
            new CommitmentSpec(new MilliSatoshis(s.ToLocalMsat), new MilliSatoshis(s.ToRemoteMsat), new FeeratePerKw(s.Feerate), s.Htlcs));

    [Fact]
    public void Outputs_plus_fee_equal_funding_and_the_fee_is_base_fee_plus_what_was_trimmed()
    {
        Check.One(Quick, Prop.ForAll(Arb.From(States()), s =>
        {
            var tx = Build(s);
            long outputs = tx.Transaction.Outputs.Sum(o => o.Value.Value);
            if (outputs + tx.Fee.Value != tx.Parameters.FundingAmount.Value)
            {
                return false;
            }

            // Independent model, in msat: the base fee (capped at the funder's balance), every
            // trimmed HTLC, every main output under dust, and every sub-satoshi remainder.
            var feerate = new FeeratePerKw(s.Feerate);
            var trimmed = s.Htlcs.Where(h => (long)(h.Amount.Value / 1000) - CommitmentWeights.SecondStageFee(h.Direction, feerate).Value < s.DustLimit).ToList();
            var untrimmed = s.Htlcs.Except(trimmed).ToList();
            ulong baseFeeMsat = (ulong)feerate.FeeForWeight(724 + (172 * untrimmed.Count)).Value * 1000;
            ulong funderMsat = s.LocalIsOpener ? s.ToLocalMsat : s.ToRemoteMsat;
            ulong otherMsat = s.LocalIsOpener ? s.ToRemoteMsat : s.ToLocalMsat;
            ulong funderAfterFee = funderMsat > baseFeeMsat ? funderMsat - baseFeeMsat : 0;
            ulong expectedFeeMsat = Math.Min(baseFeeMsat, funderMsat)
                + trimmed.Aggregate(0UL, (sum, h) => sum + h.Amount.Value)
                + untrimmed.Aggregate(0UL, (sum, h) => sum + (h.Amount.Value % 1000))
                + Remainder(funderAfterFee, s.DustLimit)
                + Remainder(otherMsat, s.DustLimit);
            return (ulong)tx.Fee.Value * 1000 == expectedFeeMsat;
        }));
    }

    [Fact]
    public void Trimming_follows_the_rules_exactly()
    {
        Check.One(Quick, Prop.ForAll(Arb.From(States()), s =>
        {
            var tx = Build(s);
            var feerate = new FeeratePerKw(s.Feerate);
            foreach (var htlc in s.Htlcs)
            {
                bool shouldExist = (long)(htlc.Amount.Value / 1000) - CommitmentWeights.SecondStageFee(htlc.Direction, feerate).Value >= s.DustLimit;
                bool exists = tx.HtlcOutputs.Any(o => ReferenceEquals(o.Htlc, htlc));
                if (shouldExist != exists)
                {
                    return false;
                }
            }

            return true;
        }));
    }

    [Fact]
    public void No_commitment_has_an_output_below_dust()
    {
        Check.One(Quick, Prop.ForAll(Arb.From(States()), s =>
            Build(s).Transaction.Outputs.All(o => o.Value.Value >= s.DustLimit)));
    }

    [Fact]
    public void Outputs_are_in_bip69_then_cltv_order_and_the_map_points_at_them()
    {
        Check.One(Quick, Prop.ForAll(Arb.From(States()), s =>
        {
            var tx = Build(s);
            for (int i = 0; i < tx.Outputs.Length; i++)
            {
                var o = tx.Outputs[i];
                if (o.Index != i || tx.Transaction.Outputs[i].Value != o.Amount || !tx.Transaction.Outputs[i].ScriptPubKey.Equals(o.ScriptPubKey))
                {
                    return false;
                }

                if (i > 0)
                {
                    int c = Bip69.OutputComparer.Compare(tx.Transaction.Outputs[i - 1], tx.Transaction.Outputs[i]);
                    if (c > 0 || (c == 0 && (tx.Outputs[i - 1].Htlc?.CltvExpiry ?? 0) > (o.Htlc?.CltvExpiry ?? 0)))
                    {
                        return false;
                    }
                }
            }

            return true;
        }));
    }

    [Fact]
    public void Obscured_commitment_number_round_trips()
    {
        var gen = from numberHigh in Gen.Choose(0, 0xFFFFFF)
                  from numberLow in Gen.Choose(0, 0xFFFFFF)
                  from factorHigh in Gen.Choose(0, 0xFFFFFF)
                  from factorLow in Gen.Choose(0, 0xFFFFFF)
                  select (Number: ((ulong)(uint)numberHigh << 24) + (uint)numberLow, Factor: ((ulong)(uint)factorHigh << 24) + (uint)factorLow);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(10_000), Prop.ForAll(Arb.From(gen), t =>
        {
            var (sequence, lockTime) = ObscuredCommitmentNumber.Encode(t.Number, t.Factor);
            return (sequence >> 24) == 0x80 && (lockTime >> 24) == 0x20 && ObscuredCommitmentNumber.Decode(sequence, lockTime, t.Factor) == t.Number;
        }));
    }

    [Fact]
    public void Obscured_number_decode_rejects_unmarked_transactions()
    {
        Assert.Null(ObscuredCommitmentNumber.Decode(0xFFFFFFFF, 0, 0));
        Assert.Null(ObscuredCommitmentNumber.Decode(0x80000000, 0x10000000, 0));
    }

    private static ulong Remainder(ulong msat, long dust) => msat / 1000 >= (ulong)dust ? msat % 1000 : msat;
}
