using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Tests.Vectors;
using Microchannels.Channels.Transactions;

namespace Microchannels.Channels.Tests.Transactions;

/// <summary>BOLT 3 Appendix C: every commitment and HTLC transaction, byte for byte.</summary>
public class CommitmentVectorTests
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

    [Fact]
    public void Appendix_C_has_all_sixteen_cases_and_their_htlc_transactions()
    {
        Assert.Equal(16, Bolt3CommitmentVectors.All.Count);
        Assert.All(Bolt3CommitmentVectors.All, v => Assert.Equal(v.NumHtlcs, v.HtlcTransactions.Count));
        // 5 + 5 + 4 + 4 + 3 + 3 + 2 + 2 + 1 + 1 + 3 second-stage transactions across the cases.
        Assert.Equal(33, Bolt3CommitmentVectors.All.Sum(v => v.HtlcTransactions.Count));
    }

    [Fact]
    public void Derived_keys_match_the_keys_appendix_C_lists()
    {
        var keys = Bolt3Fixture.Keys;
        Assert.Equal(Bolt3CommitmentVectors.Common("local_revocation_pubkey"), keys.RevocationPubKey.ToString());
        Assert.Equal(Bolt3CommitmentVectors.Common("local_delayedpubkey"), keys.LocalDelayedPubKey.ToString());
        Assert.Equal(Bolt3CommitmentVectors.Common("local_htlcpubkey"), keys.LocalHtlcPubKey.ToString());
        Assert.Equal(Bolt3CommitmentVectors.Common("remote_htlcpubkey"), keys.RemoteHtlcPubKey.ToString());
        Assert.Equal(Bolt3CommitmentVectors.Common("remote_funding_pubkey"), Bolt3Fixture.RemoteFundingKey.PublicKey.ToString());
        Assert.Equal(Bolt3CommitmentVectors.Common("local_funding_pubkey"), Bolt3Fixture.LocalFundingKey.PublicKey.ToString());
        Assert.Equal(Bolt3CommitmentVectors.Common("local_payment_basepoint"), Bolt3Fixture.LocalPaymentBasepointSecret.PublicKey.ToString());
        Assert.Equal(Bolt3CommitmentVectors.Common("remote_payment_basepoint"), Bolt3Fixture.RemotePaymentBasepointSecret.PublicKey.ToString());
        Assert.Equal(
            Bolt3CommitmentVectors.Common("local_privkey")[..64],
            Convert.ToHexStringLower(Bolt3Fixture.LocalHtlcPrivateKey.ToBytes()));
    }

    [Fact]
    public void Obscured_commitment_number_matches_appendix_C()
    {
        // "# obscured commitment number = 0x2bb038521914 ^ 42"
        Assert.Equal(0x2bb038521914UL, Bolt3Fixture.Parameters.ObscuringFactor);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Commitment_transaction_matches_byte_for_byte(string name)
    {
        var vector = Bolt3CommitmentVectors.Get(name);
        var commitment = BuildCommitment(vector);

        var localSignature = Bolt3Fixture.LocalFundingKey.Sign(commitment.FundingSignatureHash());
        var remoteSignature = Bolt3Fixture.RemoteFundingKey.Sign(commitment.FundingSignatureHash());
        Assert.Equal(vector.LocalSignature, Convert.ToHexStringLower(localSignature.ToDer()));
        Assert.Equal(vector.RemoteSignature, Convert.ToHexStringLower(remoteSignature.ToDer()));

        var signed = Sign(commitment, localSignature, remoteSignature);
        Assert.Equal(vector.CommitTx, Convert.ToHexStringLower(TransactionSerializer.Serialize(signed)));
        Assert.Equal(vector.NumHtlcs, commitment.HtlcOutputs.Count());
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Htlc_transactions_match_byte_for_byte(string name)
    {
        var vector = Bolt3CommitmentVectors.Get(name);
        var commitment = BuildCommitment(vector);
        var htlcTransactions = HtlcTransaction.BuildAll(commitment, new FeeratePerKw(vector.FeeratePerKw));
        Assert.Equal(vector.HtlcTransactions.Count, htlcTransactions.Count);

        using var localHtlcKey = Bolt3Fixture.LocalHtlcPrivateKey;
        using var remoteHtlcKey = Bolt3Fixture.RemoteHtlcPrivateKey;
        for (int i = 0; i < htlcTransactions.Count; i++)
        {
            var expected = vector.HtlcTransactions[i];
            var actual = htlcTransactions[i];
            Assert.Equal(expected.IsSuccess, actual.IsSuccess);
            Assert.Equal((ulong)expected.HtlcNumber, actual.Htlc.Id);

            var remoteSignature = remoteHtlcKey.Sign(actual.SignatureHash());
            var localSignature = localHtlcKey.Sign(actual.SignatureHash());
            Assert.Equal(expected.RemoteSignature, Convert.ToHexStringLower(remoteSignature.ToDer()));
            Assert.Equal(expected.LocalSignature, Convert.ToHexStringLower(localSignature.ToDer()));

            var preimage = actual.IsSuccess ? Bolt3Fixture.Preimage(expected.HtlcNumber) : [];
            var witness = ChannelWitnesses.HtlcTransaction(remoteSignature, localSignature, preimage, actual.Spent.WitnessScript!);
            var signed = actual.Transaction with { Inputs = [actual.Transaction.Inputs[0] with { Witness = witness }] };
            Assert.Equal(expected.Transaction, Convert.ToHexStringLower(TransactionSerializer.Serialize(signed)));
        }
    }

    internal static CommitmentTransaction BuildCommitment(Bolt3CommitmentVector vector)
    {
        var spec = new CommitmentSpec(
            new MilliSatoshis(vector.ToLocalMsat),
            new MilliSatoshis(vector.ToRemoteMsat),
            new FeeratePerKw(vector.FeeratePerKw),
            Bolt3Fixture.HtlcsFor(vector));
        return CommitmentTransaction.Build(Bolt3Fixture.Parameters, Bolt3Fixture.Keys, Bolt3Fixture.CommitmentNumber, spec);
    }

    private static Transaction Sign(CommitmentTransaction commitment, EcdsaSignature localSignature, EcdsaSignature remoteSignature)
    {
        var witness = ChannelWitnesses.Funding(Bolt3Fixture.LocalFundingKey.PublicKey, localSignature, Bolt3Fixture.RemoteFundingKey.PublicKey, remoteSignature);
        return commitment.Transaction with { Inputs = [commitment.Transaction.Inputs[0] with { Witness = witness }] };
    }
}
