using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using NB = NBitcoin;

namespace Microchannels.Oracle.Tests;

/// <summary>
/// Our transaction encoding, txid, wtxid, legacy signature hash and BIP 143 signature
/// hash against NBitcoin's, on seeded random transactions: every input, every standard
/// hash type, and (legacy) arbitrary 32-bit hash types as signatures may carry.
/// </summary>
public sealed class SighashOracleTests
{
    private const int Transactions = 2000;

    private static readonly int[] StandardHashTypes = [0x01, 0x02, 0x03, 0x81, 0x82, 0x83];

    [Fact]
    public void Encoding_txid_and_wtxid_agree_with_NBitcoin_on_2000_random_transactions()
    {
        var random = new Random(41);
        for (int n = 0; n < Transactions; n++)
        {
            var transaction = RandomTransactions.Next(random);
            var bytes = TransactionSerializer.Serialize(transaction);
            var parsed = NB.Transaction.Load(bytes, NB.Network.Main);
            Assert.Equal(Convert.ToHexStringLower(bytes), parsed.ToHex());
            Assert.Equal(parsed.GetHash().ToString(), transaction.GetTxId().ToString());
            Assert.Equal(parsed.GetWitHash().ToString(), transaction.GetWitnessTxId().ToString());
            Assert.Equal(transaction, TransactionSerializer.ParseHex(parsed.ToHex()));
        }
    }

    [Fact]
    public void Legacy_and_BIP143_signature_hashes_agree_with_NBitcoin_on_2000_random_transactions()
    {
        var random = new Random(43);
        int compared = 0;
        for (int n = 0; n < Transactions; n++)
        {
            var transaction = RandomTransactions.Next(random);
            var theirs = NB.Transaction.Load(TransactionSerializer.Serialize(transaction), NB.Network.Main);
            for (int input = 0; input < transaction.Inputs.Length; input++)
            {
                var scriptCode = RandomTransactions.NextScript(random, 8);
                var nbScriptCode = new NB.Script(scriptCode.ToBytes());
                var amount = new Satoshis(random.NextInt64(0, 21_000_000L * 100_000_000));
                var spent = new NB.TxOut(NB.Money.Satoshis(amount.Value), NB.Script.Empty);

                int legacyType = random.Next(4) == 0 ? random.Next(int.MinValue, int.MaxValue) : StandardHashTypes[random.Next(StandardHashTypes.Length)];
                Assert.Equal(
                    theirs.GetSignatureHash(nbScriptCode, input, (NB.SigHash)(uint)legacyType, spent, NB.HashVersion.Original).ToBytes(),
                    LegacySignatureHash.Compute(transaction, input, scriptCode, legacyType));

                int segwitType = StandardHashTypes[random.Next(StandardHashTypes.Length)];
                Assert.Equal(
                    theirs.GetSignatureHash(nbScriptCode, input, (NB.SigHash)segwitType, spent, NB.HashVersion.WitnessV0).ToBytes(),
                    SegwitV0SignatureHash.Compute(transaction, input, scriptCode, amount, (SigHashType)segwitType));
                compared += 2;
            }
        }

        Assert.True(compared > 4 * Transactions, $"only {compared} hashes compared");
    }
}
