using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Bitcoin.Tests.Bolt3;

/// <summary>
/// BOLT 3 Appendix B: the funding transaction, rebuilt from its inputs with our
/// primitives (legacy P2PKH sighash, RFC 6979 signature, P2WSH 2-of-2 output, BIP 69
/// ordering, the fee from feerate_per_kw and the weight) and compared byte for byte.
/// </summary>
public class FundingTransactionVectorTests
{
    private const string ExpectedFundingTx =
        "0200000001adbb20ea41a8423ea937e76e8151636bf6093b70eaff942930d20576600521fd000000006b48304502210090587b6201e166ad6af0227d3036a9454223d49a1f11839c1a362184340ef0240220577f7cd5cca78719405cbf1de7414ac027f0239ef6e214c90fcaab0454d84b3b012103535b32d5eb0a6ed0982a0479bbadc9868d9836f6ba94dd5a63be16d875069184ffffffff028096980000000000220020c015c4a6be010e21657068fc2e6a9d02b27ebe4d490a25846f7237f104d1a3cd20256d29010000001600143ca33c2e4446f4a305f23c80df8ad1afdcf652f900000000";

    [Fact]
    public void Funding_witness_script_matches_appendix_B()
    {
        var script = StandardScripts.FundingMultisig2of2(
            Convert.FromHexString("030e9f7b623d2ccc7c9bd44d66d5ce21ce504c0acf6385a132cec6d3c39fa711c1"),
            Convert.FromHexString("023da092f6980e58d2c037173180e9a465476026ee50f96695963e8efe436f54eb"));
        Assert.Equal(
            "5221023da092f6980e58d2c037173180e9a465476026ee50f96695963e8efe436f54eb21030e9f7b623d2ccc7c9bd44d66d5ce21ce504c0acf6385a132cec6d3c39fa711c152ae",
            script.ToString());
    }

    [Fact]
    public void Funding_transaction_matches_appendix_B_byte_for_byte()
    {
        using var coinbaseKey = PrivateKey.FromBytes(Convert.FromHexString("6bd078650fcee8444e4e09825227b801a1ca928debb750eb36e6d56124bb20e8"));
        var coinbase = TransactionSerializer.ParseHex(
            "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff03510101ffffffff0100f2052a010000001976a9143ca33c2e4446f4a305f23c80df8ad1afdcf652f988ac00000000");
        Assert.Equal("fd2105607605d2302994ffea703b09f66b6351816ee737a93e42a841ea20bbad", coinbase.GetTxId().ToString());

        var spent = coinbase.Outputs[0];
        var pubKeyHash = Hashes.Hash160(coinbaseKey.PublicKey.AsSpan());
        Assert.Equal(StandardScripts.PayToPubKeyHash(pubKeyHash), spent.ScriptPubKey);

        var fundingScript = StandardScripts.FundingMultisig2of2(
            Convert.FromHexString("023da092f6980e58d2c037173180e9a465476026ee50f96695963e8efe436f54eb"),
            Convert.FromHexString("030e9f7b623d2ccc7c9bd44d66d5ce21ce504c0acf6385a132cec6d3c39fa711c1"));
        var fundingAmount = new Satoshis(10_000_000);
        var feerate = new FeeratePerKw(15_000);

        // Appendix B gives the change ("change satoshis: 4989986080"); its fee is
        // feerate_per_kw times the weight of the signed transaction, which we check below.
        var change = new Satoshis(4_989_986_080);
        var unsigned = Bip69.Sort(new Transaction(
            2,
            [new TxIn(new OutPoint(coinbase.GetTxId(), 0), Script.Empty, TxIn.SequenceFinal, Witness.Empty)],
            [new TxOut(fundingAmount, StandardScripts.PayToWitnessScriptHash(fundingScript)), new TxOut(change, StandardScripts.PayToWitnessPubKeyHash(pubKeyHash))],
            0));
        var signature = coinbaseKey.Sign(LegacySignatureHash.Compute(unsigned, 0, spent.ScriptPubKey, SigHashType.All));
        var signed = unsigned.WithScriptSig(0, new ScriptBuilder().Push([.. signature.ToDer(), (byte)SigHashType.All]).Push(coinbaseKey.PublicKey.AsSpan()).Build());

        Assert.Equal(spent.Value - fundingAmount - change, feerate.FeeForWeight(signed.Weight));
        Assert.Equal(0, signed.Outputs.ToList().FindIndex(o => o.Value == fundingAmount)); // "funding output: 0"
        Assert.Equal(ExpectedFundingTx, Convert.ToHexStringLower(TransactionSerializer.Serialize(signed)));
        Assert.Equal("8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be", signed.GetTxId().ToString());
    }
}
