using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels;
using Microchannels.Channels.Keys;
using Microchannels.Channels.Tests.Transactions;
using Microchannels.Channels.Tests.Vectors;
using Microchannels.Channels.Transactions;

namespace Microchannels.Oracle.Tests;

/// <summary>
/// BOLT 3 Appendix C through NBitcoin's interpreter: each of the sixteen commitments
/// and its 33 HTLC-timeout and HTLC-success transactions as we build and sign them (they
/// match the appendix byte for byte, <c>CommitmentVectorTests</c>), and the penalties a
/// victim would sign once the commitment is revoked: one spending <c>to_local</c> and
/// every HTLC output (the offered and received HTLC revocation paths), one spending every
/// HTLC transaction's delayed output.
/// </summary>
public sealed class Bolt3VectorOracleTests
{
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var vector in Bolt3CommitmentVectors.All)
        {
            data.Add(vector.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Commitment_HTLC_and_penalty_transactions_satisfy_NBitcoins_interpreter(string name)
    {
        var vector = Bolt3CommitmentVectors.Get(name);
        var spec = new CommitmentSpec(
            new MilliSatoshis(vector.ToLocalMsat),
            new MilliSatoshis(vector.ToRemoteMsat),
            new FeeratePerKw(vector.FeeratePerKw),
            Bolt3Fixture.HtlcsFor(vector));
        var commitment = CommitmentTransaction.Build(Bolt3Fixture.Parameters, Bolt3Fixture.Keys, Bolt3Fixture.CommitmentNumber, spec);

        var funding = new TxOut(
            Bolt3Fixture.Parameters.FundingAmount,
            StandardScripts.PayToWitnessScriptHash(ChannelScripts.Funding(Bolt3Fixture.LocalFundingKey.PublicKey, Bolt3Fixture.RemoteFundingKey.PublicKey)));
        var signedCommitment = commitment.Transaction.WithWitness(0, ChannelWitnesses.Funding(
            Bolt3Fixture.LocalFundingKey.PublicKey,
            Bolt3Fixture.LocalFundingKey.Sign(commitment.FundingSignatureHash()),
            Bolt3Fixture.RemoteFundingKey.PublicKey,
            Bolt3Fixture.RemoteFundingKey.Sign(commitment.FundingSignatureHash())));
        Assert.Equal(vector.CommitTx, Convert.ToHexStringLower(TransactionSerializer.Serialize(signedCommitment)));
        ScriptOracle.AssertSpends(signedCommitment, [funding], $"{name}: commitment");

        using var localHtlcKey = Bolt3Fixture.LocalHtlcPrivateKey;
        using var remoteHtlcKey = Bolt3Fixture.RemoteHtlcPrivateKey;
        var signedHtlcTransactions = new List<(HtlcTransaction Unsigned, Transaction Signed)>();
        foreach (var htlcTransaction in HtlcTransaction.BuildAll(commitment, spec.Feerate))
        {
            var preimage = htlcTransaction.IsSuccess ? Bolt3Fixture.Preimage((int)htlcTransaction.Htlc.Id) : [];
            var witness = ChannelWitnesses.HtlcTransaction(
                remoteHtlcKey.Sign(htlcTransaction.SignatureHash()),
                localHtlcKey.Sign(htlcTransaction.SignatureHash()),
                preimage,
                htlcTransaction.Spent.WitnessScript!);
            var signed = htlcTransaction.Transaction.WithWitness(0, witness);
            ScriptOracle.AssertSpends(signed, ScriptOracle.SpentOutputs(signed, signedCommitment), $"{name}: HTLC transaction for HTLC {htlcTransaction.Htlc.Id}");
            signedHtlcTransactions.Add((htlcTransaction, signed));
        }

        Assert.Equal(vector.HtlcTransactions.Count, signedHtlcTransactions.Count);

        // Revoked: the remote learns the per-commitment secret and holds the revocation key.
        using var revocationKey = KeyDerivation.DeriveRevocationPrivateKey(Bolt3Fixture.RemoteRevocationBasepointSecret, Bolt3Fixture.LocalPerCommitmentSecret);
        Assert.Equal(Bolt3Fixture.Keys.RevocationPubKey, revocationKey.PublicKey);
        var destination = StandardScripts.PayToWitnessPubKeyHashFromPublicKey(Bolt3Fixture.RemotePaymentBasepointSecret.PublicKey.AsSpan());

        // Cases whose to_local is trimmed and that have no HTLC left leave nothing worth a penalty.
        if (SignPenalty(PenaltyTransaction.RevokedOutputs(commitment), revocationKey, destination) is { } commitmentPenalty)
        {
            ScriptOracle.AssertSpends(commitmentPenalty, ScriptOracle.SpentOutputs(commitmentPenalty, signedCommitment), $"{name}: penalty of the commitment outputs");
        }

        if (signedHtlcTransactions.Count > 0)
        {
            var secondStage = signedHtlcTransactions
                .Select(h => new ClaimInput(new OutPoint(h.Signed.GetTxId(), 0), h.Signed.Outputs[0].Value, h.Unsigned.OutputWitnessScript, ClaimedOutputKind.HtlcTransactionOutput))
                .ToList();
            if (SignPenalty(secondStage, revocationKey, destination) is { } htlcPenalty)
            {
                ScriptOracle.AssertSpends(htlcPenalty, ScriptOracle.SpentOutputs(htlcPenalty, [.. signedHtlcTransactions.Select(h => h.Signed)]), $"{name}: penalty of the HTLC transactions' outputs");
            }
        }
    }

    /// <summary>The signed penalty, or null when the outputs are absent or not worth their fee.</summary>
    private static Transaction? SignPenalty(IReadOnlyList<ClaimInput> inputs, Bitcoin.Crypto.PrivateKey revocationKey, Script destination)
    {
        var (penalty, skip) = PenaltyTransaction.Build(inputs, revocationKey.PublicKey, destination, new FeeratePerKw(253), new Satoshis(546));
        if (penalty is null)
        {
            Assert.True(skip is ClaimSkipReason.NothingToClaim or ClaimSkipReason.AmountBelowDustLimit, $"no penalty: {skip}");
            return null;
        }
        var signed = penalty.Transaction;
        for (int i = 0; i < penalty.Inputs.Length; i++)
        {
            signed = signed.WithWitness(i, PenaltyTransaction.Witness(penalty.Inputs[i], revocationKey.Sign(penalty.SignatureHash(i)), revocationKey.PublicKey));
        }

        return signed;
    }
}
