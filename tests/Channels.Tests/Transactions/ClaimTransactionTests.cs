using FsCheck;
using FsCheck.Fluent;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Keys;
using Microchannels.Channels.Transactions;

namespace Microchannels.Channels.Tests.Transactions;

/// <summary>BOLT 5 claims: the penalty for a revoked commitment and the sweep of our delayed output.</summary>
public class ClaimTransactionTests
{
    private static readonly Script Destination = StandardScripts.PayToWitnessPubKeyHash(new byte[20]);
    private static readonly Satoshis Dust = new(294);

    [Fact]
    public void Penalty_is_valid_for_every_revoked_state()
    {
        // The revoked commitment is the cheater's ("local" in Bolt3Fixture); the victim
        // learns the cheater's per_commitment_secret and derives the revocation key from
        // its own revocation_basepoint_secret (RemoteRevocationBasepointSecret here).
        using var revocationKey = KeyDerivation.DeriveRevocationPrivateKey(Bolt3Fixture.RemoteRevocationBasepointSecret, Bolt3Fixture.LocalPerCommitmentSecret);
        Assert.Equal(Bolt3Fixture.Keys.RevocationPubKey, revocationKey.PublicKey);

        var feerates = Gen.Choose(253, 50_000);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(Arb.From(CommitmentProperties.States()), Arb.From(feerates), (state, rate) =>
        {
            var revoked = CommitmentProperties.Build(state);
            var inputs = PenaltyTransaction.RevokedOutputs(revoked);
            var feerate = new FeeratePerKw((uint)rate);
            var (claim, skip) = PenaltyTransaction.Build(inputs, revocationKey.PublicKey, Destination, feerate, Dust);
            if (claim is null)
            {
                // Only allowed when there is nothing worth claiming: no input, or less
                // than the dust limit left after a fee over an upper bound of the weight
                // (BOLT 5: at most 413 per input plus the fixed part).
                return inputs.Count == 0
                    ? skip == ClaimSkipReason.NothingToClaim
                    : skip == ClaimSkipReason.AmountBelowDustLimit && inputs.Sum(i => i.Amount.Value) - feerate.FeeForWeight(300 + (420 * inputs.Count)).Value < Dust.Value;
            }

            // Every non-to_remote output of the revoked commitment is claimed exactly once.
            var claimed = claim.Transaction.Inputs.Select(i => i.PrevOut).ToHashSet();
            var expected = revoked.Outputs.Where(o => o.Kind != CommitmentOutputKind.ToRemote).Select(o => new OutPoint(revoked.Transaction.GetTxId(), (uint)o.Index)).ToHashSet();
            if (!claimed.SetEquals(expected) || claimed.Count != claim.Transaction.Inputs.Length)
            {
                return false;
            }

            // Sign every input and check: the witness script hashes to the spent P2WSH, the
            // revocation signature verifies, and the signed weight never exceeds the estimate.
            var signed = claim.Transaction;
            for (int i = 0; i < claim.Inputs.Length; i++)
            {
                var input = claim.Inputs[i];
                var spent = revoked.Transaction.Outputs[(int)input.OutPoint.Index];
                if (!StandardScripts.PayToWitnessScriptHash(input.WitnessScript).Equals(spent.ScriptPubKey) || spent.Value != input.Amount)
                {
                    return false;
                }

                var sighash = claim.SignatureHash(i);
                var signature = revocationKey.Sign(sighash);
                if (!revocationKey.PublicKey.Verify(sighash, signature))
                {
                    return false;
                }

                signed = signed.WithWitness(i, PenaltyTransaction.Witness(input, signature, revocationKey.PublicKey));
            }

            long fee = claim.Inputs.Sum(i => i.Amount.Value) - signed.Outputs[0].Value.Value;
            return signed.Weight <= claim.ExpectedWeight
                && fee == feerate.FeeForWeight(claim.ExpectedWeight).Value
                && signed.Outputs[0].Value >= Dust;
        }));
    }

    [Fact]
    public void Penalty_witness_uses_the_branch_each_script_expects()
    {
        var commitment = CommitmentVectorTests.BuildCommitment(Vectors.Bolt3CommitmentVectors.Get("commitment tx with all five HTLCs untrimmed (minimum feerate)"));
        var inputs = PenaltyTransaction.RevokedOutputs(commitment);
        Assert.Equal(6, inputs.Count);
        var signature = Bolt3Fixture.LocalFundingKey.Sign(new byte[32]);
        foreach (var input in inputs)
        {
            var witness = PenaltyTransaction.Witness(input, signature, Bolt3Fixture.Keys.RevocationPubKey);
            Assert.Equal(3, witness.Count);
            var second = witness[1].ToArray();
            if (input.Kind == ClaimedOutputKind.ToLocal)
            {
                Assert.Equal(new byte[] { 1 }, second);
            }
            else
            {
                Assert.Equal(Bolt3Fixture.Keys.RevocationPubKey.ToBytes(), second);
            }

            Assert.Equal(input.WitnessScript.ToBytes(), witness[2].ToArray());
        }
    }

    [Fact]
    public void Nothing_to_claim_and_dust_are_reasons_not_exceptions()
    {
        var (none, reason) = PenaltyTransaction.Build([], Bolt3Fixture.Keys.RevocationPubKey, Destination, new FeeratePerKw(1000), Dust);
        Assert.Null(none);
        Assert.Equal(ClaimSkipReason.NothingToClaim, reason);

        var tiny = new ClaimInput(new OutPoint(default, 0), new Satoshis(500), ChannelScripts.ToLocal(Bolt3Fixture.Keys.RevocationPubKey, 144, Bolt3Fixture.Keys.LocalDelayedPubKey), ClaimedOutputKind.ToLocal);
        var (dust, dustReason) = PenaltyTransaction.Build([tiny], Bolt3Fixture.Keys.RevocationPubKey, Destination, new FeeratePerKw(5000), Dust);
        Assert.Null(dust);
        Assert.Equal(ClaimSkipReason.AmountBelowDustLimit, dustReason);
    }

    [Fact]
    public void Delayed_sweep_waits_to_self_delay_and_signs_with_the_delayed_key()
    {
        var commitment = CommitmentVectorTests.BuildCommitment(Vectors.Bolt3CommitmentVectors.Get("simple commitment tx with no HTLCs"));
        var (sweep, skip) = DelayedOutputSweep.Build(commitment, Destination, new FeeratePerKw(2500), Dust);
        Assert.Null(skip);
        Assert.NotNull(sweep);
        Assert.Equal(144u, sweep.Transaction.Inputs[0].Sequence);
        Assert.Equal(2, sweep.Transaction.Version);
        Assert.Equal((uint)commitment.ToLocal!.Index, sweep.Transaction.Inputs[0].PrevOut.Index);

        using var delayedKey = KeyDerivation.DerivePrivateKey(Bolt3Fixture.LocalDelayedBasepointSecret, Bolt3Fixture.PerCommitmentPoint);
        Assert.Equal(Bolt3Fixture.Keys.LocalDelayedPubKey, delayedKey.PublicKey);
        var signature = delayedKey.Sign(sweep.SignatureHash(0));
        var signed = sweep.Transaction.WithWitness(0, ChannelWitnesses.ToLocalDelayed(signature, commitment.ToLocal.WitnessScript!));
        Assert.True(signed.Weight <= sweep.ExpectedWeight);
        Assert.Equal(commitment.ToLocal.Amount.Value - new FeeratePerKw(2500).FeeForWeight(sweep.ExpectedWeight).Value, signed.Outputs[0].Value.Value);
    }
}
