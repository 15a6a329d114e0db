using System.Numerics;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Tests.Engine;
using Microchannels.Channels.Transactions;
using NB = NBitcoin;

namespace Microchannels.Oracle.Tests;

/// <summary>The oracle can fail: it refuses a spend with a damaged or high-S signature, a wrong amount, or a sequence short of the CSV delay.</summary>
public sealed class ScriptOracleTests
{
    private static readonly BigInteger CurveOrder = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);

    [Fact]
    public void A_sound_P2WPKH_spend_verifies_and_every_damaged_one_is_refused()
    {
        using var key = PrivateKey.FromBytes(Hashes.Sha256("oracle key"u8));
        var spent = new TxOut(new Satoshis(50_000), StandardScripts.PayToWitnessPubKeyHashFromPublicKey(key.PublicKey.AsSpan()));
        var unsigned = new Transaction(2, [new TxIn(new OutPoint(new TxId(Hashes.Sha256("parent"u8)), 1), TxIn.SequenceFinal)], [new TxOut(new Satoshis(49_000), spent.ScriptPubKey)], 0);
        var sighash = SegwitV0SignatureHash.Compute(unsigned, 0, StandardScripts.PayToWitnessPubKeyHashScriptCodeFromPublicKey(key.PublicKey.AsSpan()), spent.Value, SigHashType.All);
        var signature = key.Sign(sighash);
        Transaction With(byte[] signatureWithType) => unsigned.WithWitness(0, new Witness(signatureWithType, key.PublicKey.ToBytes()));

        var sound = With(ChannelWitnesses.WithSigHashAll(signature));
        Assert.Equal([NB.ScriptError.OK], ScriptOracle.Check(sound, [spent]));

        // A well-formed signature that does not verify: NULLFAIL names it.
        var damaged = ChannelWitnesses.WithSigHashAll(signature);
        damaged[^5] ^= 0x01;
        Assert.Equal([NB.ScriptError.NullFail], ScriptOracle.Check(With(damaged), [spent]));

        var highS = HighSDer(signature);
        Assert.Equal([NB.ScriptError.SigHighS], ScriptOracle.Check(With([.. highS, (byte)SigHashType.All]), [spent]));

        // BIP 143 signs the amount: the same witness over a different value fails.
        Assert.NotEqual(NB.ScriptError.OK, ScriptOracle.Check(sound, [spent with { Value = new Satoshis(50_001) }])[0]);
    }

    [Fact]
    public void A_to_local_sweep_one_block_short_of_to_self_delay_is_refused()
    {
        using var pair = new ChannelPair();
        var commitment = pair.Meter.SignedLocalCommitment(pair.MeterSigner);
        var unsignedCommitment = pair.Meter.BuildLocalCommitment(pair.MeterSigner.GetPerCommitmentPoint(0));
        var destination = StandardScripts.PayToWitnessPubKeyHashFromPublicKey(pair.MeterSigner.Basepoints.PaymentBasepoint.AsSpan());
        var (sweep, _) = DelayedOutputSweep.Build(unsignedCommitment, destination, new FeeratePerKw(253), new Satoshis(546));
        Assert.NotNull(sweep);

        Transaction Signed(uint sequence)
        {
            var claim = sweep with { Transaction = sweep.Transaction.WithInput(0, sweep.Transaction.Inputs[0] with { Sequence = sequence }) };
            var signature = pair.MeterSigner.SignDelayedSweep(claim, 0);
            return claim.Transaction.WithWitness(0, ChannelWitnesses.ToLocalDelayed(signature, claim.Inputs[0].WitnessScript));
        }

        ushort delay = unsignedCommitment.Parameters.ToSelfDelay;
        var onTime = Signed(delay);
        var early = Signed((uint)delay - 1);
        Assert.Equal([NB.ScriptError.OK], ScriptOracle.Check(onTime, ScriptOracle.SpentOutputs(onTime, commitment)));
        Assert.Equal([NB.ScriptError.UnsatisfiedLockTime], ScriptOracle.Check(early, ScriptOracle.SpentOutputs(early, commitment)));
    }

    [Fact]
    public void A_P2WPKH_spend_by_an_uncompressed_key_is_refused()
    {
        using var key = PrivateKey.FromBytes(Hashes.Sha256("uncompressed"u8));
        var uncompressed = new NB.PubKey(key.PublicKey.ToBytes()).Decompress().ToBytes();
        var spent = new TxOut(new Satoshis(50_000), StandardScripts.PayToWitnessPubKeyHash(Hashes.Hash160(uncompressed)));
        var unsigned = new Transaction(2, [new TxIn(new OutPoint(new TxId(Hashes.Sha256("parent"u8)), 0), TxIn.SequenceFinal)], [new TxOut(new Satoshis(49_000), spent.ScriptPubKey)], 0);
        var scriptCode = StandardScripts.PayToWitnessPubKeyHashScriptCode(Hashes.Hash160(uncompressed));
        var signature = key.Sign(SegwitV0SignatureHash.Compute(unsigned, 0, scriptCode, spent.Value, SigHashType.All));
        var signed = unsigned.WithWitness(0, new Witness(ChannelWitnesses.WithSigHashAll(signature), uncompressed));

        Assert.Equal([NB.ScriptError.WitnessPubkeyType], ScriptOracle.Check(signed, [spent]));
    }

    [Fact]
    public void A_revoked_to_local_spent_with_a_non_minimal_true_is_refused()
    {
        // BOLT 3 Appendix C's first commitment, revoked: the penalty witness is <revocation_sig> 1;
        // 2 is also true to OP_IF, but MINIMALIF (policy for witness scripts) allows only 1.
        var vector = Channels.Tests.Vectors.Bolt3CommitmentVectors.Get("simple commitment tx with no HTLCs");
        var spec = new CommitmentSpec(new Channels.MilliSatoshis(vector.ToLocalMsat), new Channels.MilliSatoshis(vector.ToRemoteMsat), new FeeratePerKw(vector.FeeratePerKw), []);
        var commitment = CommitmentTransaction.Build(Channels.Tests.Transactions.Bolt3Fixture.Parameters, Channels.Tests.Transactions.Bolt3Fixture.Keys, 42, spec);
        using var revocationKey = Channels.Keys.KeyDerivation.DeriveRevocationPrivateKey(
            Channels.Tests.Transactions.Bolt3Fixture.RemoteRevocationBasepointSecret, Channels.Tests.Transactions.Bolt3Fixture.LocalPerCommitmentSecret);
        var (penalty, _) = PenaltyTransaction.Build(PenaltyTransaction.RevokedOutputs(commitment), revocationKey.PublicKey, StandardScripts.PayToWitnessPubKeyHash(new byte[20]), new FeeratePerKw(253), new Satoshis(546));
        Assert.NotNull(penalty);
        var revocationSignature = ChannelWitnesses.WithSigHashAll(revocationKey.Sign(penalty.SignatureHash(0)));
        var script = penalty.Inputs[0].WitnessScript.ToBytes();
        Transaction With(byte[] selector) => penalty.Transaction.WithWitness(0, new Witness(revocationSignature, selector, script));
        var spent = ScriptOracle.SpentOutputs(penalty.Transaction, commitment.Transaction);

        Assert.Equal([NB.ScriptError.OK], ScriptOracle.Check(With([1]), spent));
        Assert.Equal([NB.ScriptError.MinimalIf], ScriptOracle.Check(With([2]), spent));
    }

    /// <summary>The same signature with s replaced by n - s, DER-encoded: valid ECDSA, but not low-S (BIP 146).</summary>
    private static byte[] HighSDer(EcdsaSignature signature)
    {
        var compact = signature.ToCompact();
        var s = new BigInteger(compact.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        var highS = (CurveOrder - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        byte[] Integer(byte[] value) => value[0] >= 0x80 ? [0x02, (byte)(value.Length + 1), 0x00, .. value] : [0x02, (byte)value.Length, .. value];
        var r = compact.AsSpan(0, 32).TrimStart((byte)0).ToArray();
        byte[] body = [.. Integer(r), .. Integer(highS)];
        return [0x30, (byte)body.Length, .. body];
    }
}
