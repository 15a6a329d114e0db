using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Bitcoin.Tests.Transactions;

public class TransactionSerializerTests
{
    // The genesis coinbase, taken from the regtest genesis block in BOLT 3 Appendix B
    // (its coinbase is the same as mainnet's).
    private const string GenesisCoinbaseHex =
        "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000";

    // BOLT 3 Appendix B: "Block 1 coinbase transaction", spent by the funding tx as "input txid".
    private const string Bolt3Block1CoinbaseHex =
        "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff03510101ffffffff0100f2052a010000001976a9143ca33c2e4446f4a305f23c80df8ad1afdcf652f988ac00000000";

    // BOLT 3 Appendix B: "funding tx".
    private const string Bolt3FundingTxHex =
        "0200000001adbb20ea41a8423ea937e76e8151636bf6093b70eaff942930d20576600521fd000000006b48304502210090587b6201e166ad6af0227d3036a9454223d49a1f11839c1a362184340ef0240220577f7cd5cca78719405cbf1de7414ac027f0239ef6e214c90fcaab0454d84b3b012103535b32d5eb0a6ed0982a0479bbadc9868d9836f6ba94dd5a63be16d875069184ffffffff028096980000000000220020c015c4a6be010e21657068fc2e6a9d02b27ebe4d490a25846f7237f104d1a3cd20256d29010000001600143ca33c2e4446f4a305f23c80df8ad1afdcf652f900000000";

    public static TheoryData<string, string> KnownTxIds => new()
    {
        { GenesisCoinbaseHex, "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b" },
        { Bolt3Block1CoinbaseHex, "fd2105607605d2302994ffea703b09f66b6351816ee737a93e42a841ea20bbad" },
        { Bolt3FundingTxHex, "8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be" },
    };

    [Theory]
    [MemberData(nameof(KnownTxIds))]
    public void Txid_of_a_known_transaction_matches(string hex, string txId)
    {
        Transaction tx = TransactionSerializer.ParseHex(hex);

        Assert.Equal(txId, tx.GetTxId().ToString());
        Assert.Equal(TxId.Parse(txId), tx.GetTxId());
        Assert.Equal(tx.GetTxId(), tx.GetWitnessTxId());
        Assert.Equal(hex, Convert.ToHexStringLower(TransactionSerializer.Serialize(tx)));
    }

    [Fact]
    public void Legacy_transaction_weighs_four_times_its_size()
    {
        Transaction tx = TransactionSerializer.ParseHex(Bolt3FundingTxHex);

        Assert.False(tx.HasWitness);
        Assert.Equal(4 * (Bolt3FundingTxHex.Length / 2), tx.Weight);
        Assert.Equal(Bolt3FundingTxHex.Length / 2, tx.VirtualSize);
    }

    [Fact]
    public void Funding_tx_fields_are_read_in_order()
    {
        Transaction tx = TransactionSerializer.ParseHex(Bolt3FundingTxHex);

        Assert.Equal(2, tx.Version);
        Assert.Equal(0u, tx.LockTime);
        Assert.Equal(new OutPoint(TxId.Parse("fd2105607605d2302994ffea703b09f66b6351816ee737a93e42a841ea20bbad"), 0), tx.Inputs[0].PrevOut);
        Assert.Equal(TxIn.SequenceFinal, tx.Inputs[0].Sequence);
        Assert.Equal(new Satoshis(10_000_000), tx.Outputs[0].Value);
        Assert.Equal(new Satoshis(4_989_986_080), tx.Outputs[1].Value);
        Assert.True(StandardScripts.IsPayToWitnessScriptHash(tx.Outputs[0].ScriptPubKey));
        Assert.True(StandardScripts.IsPayToWitnessPubKeyHash(tx.Outputs[1].ScriptPubKey));
    }

    [Fact]
    public void Segwit_transaction_without_witness_serializes_and_parses_as_legacy()
    {
        Transaction signed = TransactionSerializer.ParseHex(Bip143Vectors.All[0].SignedTxHex);

        byte[] legacy = TransactionSerializer.Serialize(signed, includeWitness: false);
        Transaction parsed = TransactionSerializer.Parse(legacy);

        Assert.NotEqual(0, legacy[4]);
        Assert.Equal(signed.WithoutWitnesses(), parsed);
        Assert.Equal(signed.GetTxId(), parsed.GetTxId());
        Assert.Equal(legacy, TransactionSerializer.Serialize(parsed));
    }

    [Fact]
    public void Transaction_with_a_witness_serializes_with_marker_and_flag()
    {
        Transaction unsigned = TransactionSerializer.ParseHex(Bip143Vectors.All[1].UnsignedTxHex);
        Transaction withWitness = unsigned.WithWitness(0, new Witness([0x01, 0x02], []));

        byte[] bytes = TransactionSerializer.Serialize(withWitness);

        Assert.Equal(0x00, bytes[4]);
        Assert.Equal(0x01, bytes[5]);
        Assert.Equal("0202010200" + "92040000", Convert.ToHexStringLower(bytes.AsSpan(bytes.Length - 9)));
        Assert.Equal(withWitness, TransactionSerializer.Parse(bytes));
        Assert.Equal(unsigned.GetTxId(), withWitness.GetTxId());
        Assert.NotEqual(withWitness.GetTxId(), withWitness.GetWitnessTxId());
    }

    [Fact]
    public void Negative_version_round_trips_as_signed()
    {
        Transaction tx = TransactionSerializer.ParseHex(Bolt3FundingTxHex) with { Version = -2 };

        byte[] bytes = TransactionSerializer.Serialize(tx);

        Assert.Equal("feffffff", Convert.ToHexStringLower(bytes.AsSpan(0, 4)));
        Assert.Equal(-2, TransactionSerializer.Parse(bytes).Version);
    }

    [Fact]
    public void Serialized_size_matches_serialization()
    {
        foreach (Bip143Vector vector in Bip143Vectors.All)
        {
            Transaction tx = TransactionSerializer.ParseHex(vector.SignedTxHex);
            Assert.Equal(vector.SignedTxHex.Length / 2, TransactionSerializer.GetSerializedSize(tx));
            Assert.Equal(TransactionSerializer.Serialize(tx, false).Length, TransactionSerializer.GetSerializedSize(tx, false));
        }
    }

    [Fact]
    public void Equal_transactions_are_equal_by_value()
    {
        Transaction a = TransactionSerializer.ParseHex(Bip143Vectors.All[0].SignedTxHex);
        Transaction b = TransactionSerializer.ParseHex(Bip143Vectors.All[0].SignedTxHex);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, a with { LockTime = a.LockTime + 1 });
        Assert.NotEqual(a, a.WithOutputs(a.Outputs.Reverse()));
    }

    [Fact]
    public void Default_input_array_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new Transaction(2, default, [], 0));
    }
}
