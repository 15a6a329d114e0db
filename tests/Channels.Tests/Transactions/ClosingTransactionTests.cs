using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Channels.Transactions;

namespace Microchannels.Channels.Tests.Transactions;

/// <summary>BOLT 3 "Legacy Closing Transaction" requirements, one by one.</summary>
public class ClosingTransactionTests
{
    private static readonly Script LocalScript = StandardScripts.PayToWitnessPubKeyHash(Enumerable.Repeat((byte)0xaa, 20).ToArray());
    private static readonly Script RemoteScript = StandardScripts.PayToWitnessPubKeyHash(Enumerable.Repeat((byte)0x11, 20).ToArray());

    [Fact]
    public void Rounds_down_subtracts_the_fee_from_the_funder_and_orders_outputs()
    {
        // 10,000,000 sat funding: 6,999,999.999 sat local (funder), 3,000,000.001 sat remote.
        var closing = ClosingTransaction.Build(Bolt3Fixture.Parameters, LocalScript, RemoteScript, new MilliSatoshis(6_999_999_999), new MilliSatoshis(3_000_000_001), new Satoshis(1_000));

        var tx = closing.Transaction;
        Assert.Equal(2, tx.Version);
        Assert.Equal(0u, tx.LockTime);
        Assert.Equal(0xFFFFFFFFu, tx.Inputs[0].Sequence);
        Assert.Equal(Bolt3Fixture.Parameters.FundingOutPoint, tx.Inputs[0].PrevOut);
        Assert.Equal(2, tx.Outputs.Length);

        // BIP 69: the smaller amount first.
        Assert.Equal(new Satoshis(3_000_000), tx.Outputs[0].Value);
        Assert.Equal(RemoteScript, tx.Outputs[0].ScriptPubKey);
        Assert.Equal(new Satoshis(6_999_999 - 1_000), tx.Outputs[1].Value);
        Assert.Equal(1, closing.LocalOutputIndex);
        Assert.Equal(0, closing.RemoteOutputIndex);

        // The fee actually paid includes the two sub-satoshi remainders rounded away.
        Assert.Equal(new Satoshis(1_001), closing.Fee);
    }

    [Fact]
    public void The_fee_comes_from_the_remote_output_when_the_remote_opened()
    {
        var parameters = Bolt3Fixture.Parameters with { LocalIsOpener = false };
        var closing = ClosingTransaction.Build(parameters, LocalScript, RemoteScript, new MilliSatoshis(7_000_000_000), new MilliSatoshis(3_000_000_000), new Satoshis(2_500));
        Assert.Equal(new Satoshis(7_000_000), closing.Transaction.Outputs[closing.LocalOutputIndex!.Value].Value);
        Assert.Equal(new Satoshis(2_997_500), closing.Transaction.Outputs[closing.RemoteOutputIndex!.Value].Value);
    }

    [Fact]
    public void An_output_below_the_dust_limit_is_removed_and_its_value_goes_to_fees()
    {
        // Remote holds 545 sat, one below the 546 dust limit of the parameters.
        var closing = ClosingTransaction.Build(Bolt3Fixture.Parameters, LocalScript, RemoteScript, new MilliSatoshis(9_999_455_000), new MilliSatoshis(545_000), new Satoshis(500));
        Assert.Single(closing.Transaction.Outputs);
        Assert.Null(closing.RemoteOutputIndex);
        Assert.Equal(0, closing.LocalOutputIndex);
        Assert.Equal(new Satoshis(500 + 545), closing.Fee);
    }

    [Fact]
    public void A_funder_that_cannot_pay_the_fee_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClosingTransaction.Build(
            Bolt3Fixture.Parameters, LocalScript, RemoteScript, new MilliSatoshis(999_000), new MilliSatoshis(9_999_001_000), new Satoshis(1_000)));
    }

    [Fact]
    public void Both_funding_keys_sign_the_same_digest()
    {
        var closing = ClosingTransaction.Build(Bolt3Fixture.Parameters, LocalScript, RemoteScript, new MilliSatoshis(6_000_000_000), new MilliSatoshis(4_000_000_000), new Satoshis(700));
        var digest = closing.SignatureHash();
        var local = Bolt3Fixture.LocalFundingKey.Sign(digest);
        var remote = Bolt3Fixture.RemoteFundingKey.Sign(digest);
        Assert.True(Bolt3Fixture.LocalFundingKey.PublicKey.Verify(digest, local));
        Assert.True(Bolt3Fixture.RemoteFundingKey.PublicKey.Verify(digest, remote));

        var witness = ChannelWitnesses.Funding(Bolt3Fixture.LocalFundingKey.PublicKey, local, Bolt3Fixture.RemoteFundingKey.PublicKey, remote);
        Assert.Equal(4, witness.Count);
        Assert.Equal(Bolt3Fixture.Parameters.FundingScript.ToBytes(), witness[3].ToArray());
    }
}
