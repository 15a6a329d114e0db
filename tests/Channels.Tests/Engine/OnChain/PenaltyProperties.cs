using FsCheck;
using FsCheck.Fluent;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.OnChain;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Keys;

namespace Microchannels.Channels.Tests.Engine.OnChain;

/// <summary>
/// For random, seeded transfer histories, every commitment either side ever held, once
/// revoked and fed to the other side as <see cref="ChannelInput.FundingSpent"/>, yields a
/// valid penalty claiming all its revoked outputs worth claiming (BOLT 5 "Revoked
/// Transaction Close Handling").
/// </summary>
public class PenaltyProperties
{
    [Fact]
    public void Every_revoked_commitment_of_a_random_history_is_punished()
    {
        var step = from meterPays in Gen.Elements(true, true, false)
                   from msat in Gen.Choose(1, 40_000_000)
                   from settle in Gen.Elements(true, false)
                   select (meterPays, (ulong)msat, settle);
        var history = Gen.Choose(1, 12).SelectMany(n => step.ArrayOf(n));
        int punished = 0;

        Check.One(Seeded.Config(runs: 40), Prop.ForAll(Arb.From(history), steps =>
        {
            using var pair = new ChannelPair(meterInitialMsat: 600_000_000);
            var meter = new OnChainSide(pair, IsMeter: true);
            var provider = new OnChainSide(pair, IsMeter: false);
            var held = new List<(Transaction Commitment, ulong Number, bool ByMeter)>();
            Capture(held, meter, provider);
            foreach (var (meterPays, msat, settle) in steps)
            {
                OnChainScenario.Apply(pair, meterPays, msat, settle);
                Capture(held, meter, provider);
            }

            pair.Settle();
            foreach (var (commitment, number, byMeter) in held)
            {
                // The victim is the other side; only what its owner has since revoked is punished.
                var victim = byMeter ? provider : meter;
                if (number < victim.Peer.LocalCommit.Index)
                {
                    punished += AssertPunished(victim, commitment, number) ? 1 : 0;
                }
            }
        }));

        // The histories really exercise penalties, not only the trivial case.
        Assert.True(punished > 40, $"only {punished} penalties were built");
    }

    private static void Capture(List<(Transaction, ulong, bool)> held, OnChainSide meter, OnChainSide provider)
    {
        foreach (var owner in new[] { meter, provider })
        {
            ulong number = owner.Us.LocalCommit.Index;
            if (!held.Any(h => h.Item2 == number && h.Item3 == owner.IsMeter))
            {
                held.Add((owner.OurCommitment(), number, owner.IsMeter));
            }
        }
    }

    /// <summary>True when a penalty was built (false: nothing worth claiming).</summary>
    private static bool AssertPunished(OnChainSide victim, Transaction revoked, ulong number)
    {
        var step = victim.Spend(revoked);
        var close = Assert.IsType<ChannelState.ClosingOnChain>(step.State).Close;
        Assert.Equal(FundingSpendKind.RevokedRemoteCommitment, close.Kind);
        ClaimAssert.StoredBeforeEveryBroadcast(step);

        var feerate = victim.Us.LocalCommit.Spec.Feerate;
        var dust = victim.Us.Parameters.Local.DustLimit;
        var destination = StandardScripts.PayToWitnessPubKeyHashFromPublicKey(victim.OurSigner.Basepoints.PaymentBasepoint.AsSpan());
        var revokedOutputs = revoked.Outputs.Select((o, i) => (o, i)).Where(x => StandardScripts.IsPayToWitnessScriptHash(x.o.ScriptPubKey)).ToList();
        var penalty = close.Claim;
        if (penalty is null)
        {
            // Allowed only when nothing is worth claiming: after a fee over BOLT 5's weight
            // bound (53 * 4 + 2 + 324 per to_local input) less than the dust limit is left.
            long bound = (53 * 4) + 2 + (324 * revokedOutputs.Count);
            Assert.True(revokedOutputs.Count == 0 || revokedOutputs.Sum(x => x.o.Value.Value) - feerate.FeeForWeight(bound).Value < dust.Value);
            Assert.Empty(ClaimAssert.Broadcasts(step));
            return false;
        }

        Assert.Equal(penalty, Assert.Single(ClaimAssert.Broadcasts(step)));
        Assert.True(revokedOutputs.Select(x => (uint)x.i).ToHashSet().SetEquals(penalty.Inputs.Select(i => i.PrevOut.Index)));
        Assert.Equal(revokedOutputs.Count, penalty.Inputs.Length);
        var revocationKey = KeyDerivation.DeriveRevocationPublicKey(victim.OurSigner.Basepoints.RevocationBasepoint, victim.PeerSigner.GetPerCommitmentPoint(number));
        var valueIn = ClaimAssert.SignedBy(penalty, revoked, revocationKey);
        Assert.True(penalty.Weight <= (53 * 4) + 2 + (324 * penalty.Inputs.Length));
        var output = Assert.Single(penalty.Outputs);
        Assert.Equal(destination, output.ScriptPubKey);
        Assert.True(output.Value >= dust);
        Assert.True(valueIn.Value - output.Value.Value >= feerate.FeeForWeight(penalty.Weight).Value);
        return true;
    }
}
