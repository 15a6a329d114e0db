using System.Security.Cryptography;
using System.Text;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Addresses;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Wallet;

namespace Microchannels.Settlement.Tests.Wallet;

/// <summary>The meter wallet without a node: key derivation, coin tracking, and the signed funding transaction.</summary>
public sealed class MeterWalletTests : IDisposable
{
    private static readonly byte[] Seed = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly FeeratePerKw Feerate = new(1_000);
    private readonly MeterWallet _wallet = new(Seed, Network.Regtest);

    public void Dispose() => _wallet.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1234)]
    public void The_key_at_an_index_is_HMAC_SHA256_of_the_label_keyed_by_the_seed(int index)
    {
        byte[] expected = HMACSHA256.HashData(Seed, Encoding.ASCII.GetBytes($"microchannels/wallet/{index}"));

        using PrivateKey key = WalletKeyDerivation.DeriveKey(Seed, index);

        Assert.Equal(expected, key.ToBytes());
    }

    [Fact]
    public void A_seed_that_is_not_32_bytes_is_refused()
    {
        Assert.Throws<ArgumentException>(() => WalletKeyDerivation.DeriveKey(new byte[31], 0));
        Assert.Throws<ArgumentException>(() => new MeterWallet(new byte[33], Network.Regtest));
    }

    [Fact]
    public void Addresses_are_regtest_P2WPKH_of_the_derived_keys_in_index_order()
    {
        SegwitAddress first = _wallet.GetNewAddress();
        SegwitAddress second = _wallet.GetNewAddress();
        using PrivateKey key0 = WalletKeyDerivation.DeriveKey(Seed, 0);

        Assert.StartsWith("bcrt1q", first.ToString(), StringComparison.Ordinal);
        Assert.Equal(Hashes.Hash160(key0.PublicKey.AsSpan()), first.Program.ToArray());
        Assert.NotEqual(first, second);
        Assert.Equal(2, _wallet.NextKeyIndex);
    }

    [Fact]
    public void A_payment_to_a_wallet_script_becomes_a_coin_and_a_spend_of_it_removes_it()
    {
        Transaction payment = Pay((_wallet.GetScriptPubKey(0), 70_000), (Script.Empty, 5_000));
        _wallet.ApplyBlock(10, [payment]);

        WalletCoin coin = Assert.Single(_wallet.Coins);
        Assert.Equal((new OutPoint(payment.GetTxId(), 0), new Satoshis(70_000), 0, 10), (coin.OutPoint, coin.Value, coin.KeyIndex, coin.Height));

        _wallet.ApplyBlock(11, [Spend(coin.OutPoint)]);
        Assert.Empty(_wallet.Coins);
        Assert.Equal(Satoshis.Zero, _wallet.Balance);
    }

    [Fact]
    public void A_payment_to_a_key_within_the_lookahead_is_found_and_moves_the_next_index_past_it()
    {
        _wallet.ApplyBlock(1, [Pay((_wallet.GetScriptPubKey(7), 1_000))]);

        Assert.Equal(7, Assert.Single(_wallet.Coins).KeyIndex);
        Assert.Equal(8, _wallet.NextKeyIndex);
    }

    [Fact]
    public void The_funding_transaction_is_BIP69_ordered_signed_for_every_input_and_pays_exactly_the_amount_and_fee()
    {
        _wallet.ApplyBlock(1, [Pay((_wallet.GetScriptPubKey(0), 60_000), (_wallet.GetScriptPubKey(1), 80_000))]);
        Script funding = FundingScript();

        FundingTransaction built = _wallet.BuildFundingTransaction(funding, new Satoshis(100_000), Feerate);
        Transaction tx = built.Transaction;

        Assert.Equal(Bip69.Sort(tx), tx);
        Assert.Equal(new TxOut(new Satoshis(100_000), funding), tx.Outputs[built.FundingOutputIndex]);
        Satoshis inputs = built.SpentCoins.Aggregate(Satoshis.Zero, (sum, coin) => sum + coin.Value);
        Satoshis outputs = tx.Outputs.Aggregate(Satoshis.Zero, (sum, output) => sum + output.Value);
        Assert.Equal(inputs - outputs, built.Fee);
        Assert.Equal(new Satoshis(140_000 - 100_000) - built.Fee, built.Change);

        // The fee was computed for 73-byte signatures; real ones are 71 or 72 bytes.
        long estimated = SpendWeights.Transaction(2, 2, SpendWeights.Output(34) + SpendWeights.P2wpkhOutput);
        Assert.Equal(Feerate.FeeForWeight(estimated), built.Fee);
        Assert.InRange(estimated - tx.Weight, 2, 4);

        var cache = new SegwitV0SighashCache(tx);
        for (int i = 0; i < tx.Inputs.Length; i++)
        {
            WalletCoin coin = built.SpentCoins.Single(c => c.OutPoint == tx.Inputs[i].PrevOut);
            Witness witness = tx.Inputs[i].Witness;
            byte[] signature = witness[0].ToArray();
            var key = PublicKey.FromBytes(witness[1].Span);
            Assert.Equal(coin.ScriptPubKey, StandardScripts.PayToWitnessPubKeyHashFromPublicKey(key.AsSpan()));
            Assert.Equal((byte)SigHashType.All, signature[^1]);
            byte[] sighash = SegwitV0SignatureHash.Compute(
                cache, i, StandardScripts.PayToWitnessPubKeyHashScriptCodeFromPublicKey(key.AsSpan()), coin.Value, SigHashType.All);
            Assert.True(key.Verify(sighash, EcdsaSignature.FromDer(signature.AsSpan(0, signature.Length - 1))));
        }
    }

    [Fact]
    public void Coins_spent_by_a_built_transaction_are_reserved_so_a_second_build_cannot_double_spend_them()
    {
        _wallet.ApplyBlock(1, [Pay((_wallet.GetScriptPubKey(0), 500_000))]);
        _wallet.BuildFundingTransaction(FundingScript(), new Satoshis(100_000), Feerate);

        var e = Assert.Throws<InsufficientFundsException>(() => _wallet.BuildFundingTransaction(FundingScript(), new Satoshis(100_000), Feerate));

        Assert.Equal(Satoshis.Zero, e.Available);
        Assert.Equal(new Satoshis(500_000), _wallet.Balance);
    }

    [Fact]
    public void A_funding_script_that_is_not_P2WSH_is_refused()
    {
        _wallet.ApplyBlock(1, [Pay((_wallet.GetScriptPubKey(0), 500_000))]);

        Assert.Throws<ArgumentException>(() => _wallet.BuildFundingTransaction(_wallet.GetScriptPubKey(3), new Satoshis(100_000), Feerate));
    }

    [Fact]
    public void A_funding_amount_below_the_330_sat_P2WSH_dust_threshold_is_refused()
    {
        _wallet.ApplyBlock(1, [Pay((_wallet.GetScriptPubKey(0), 500_000))]);

        Assert.Throws<ArgumentOutOfRangeException>(() => _wallet.BuildFundingTransaction(FundingScript(), new Satoshis(329), Feerate));
        Assert.Equal(330, _wallet.BuildFundingTransaction(FundingScript(), new Satoshis(330), Feerate).Transaction.Outputs.Min(output => output.Value.Value));
    }

    private static Script FundingScript()
    {
        using PrivateKey a = WalletKeyDerivation.DeriveKey(new byte[32], 0);
        using PrivateKey b = WalletKeyDerivation.DeriveKey(new byte[32], 1);
        return StandardScripts.PayToWitnessScriptHash(StandardScripts.FundingMultisig2of2(a.PublicKey.AsSpan(), b.PublicKey.AsSpan()));
    }

    private static Transaction Pay(params (Script Script, long Value)[] outputs) =>
        new(2, [new TxIn(new OutPoint(new TxId(RandomNumberGenerator.GetBytes(32)), 0), TxIn.SequenceFinal)],
            [.. outputs.Select(output => new TxOut(new Satoshis(output.Value), output.Script))], 0);

    private static Transaction Spend(OutPoint outPoint) =>
        new(2, [new TxIn(outPoint, TxIn.SequenceFinal)], [new TxOut(new Satoshis(1), Script.Empty)], 0);
}
