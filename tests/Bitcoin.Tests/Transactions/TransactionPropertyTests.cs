using FsCheck;
using FsCheck.Fluent;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Bitcoin.Tests.Transactions;

/// <summary>Random transactions (legacy and segwit, any field values) must round-trip exactly.</summary>
public class TransactionPropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(1000);

    private static Gen<byte[]> Bytes(int maxLength) =>
        from length in Gen.Frequency((4, Gen.Choose(0, Math.Min(maxLength, 8))), (1, Gen.Choose(0, maxLength)))
        from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length)
        select bytes;

    private static Gen<uint> UInt32s =>
        Gen.OneOf(
            Gen.Elements(0u, 1u, 0xfffffffeu, uint.MaxValue),
            from high in Gen.Choose(0, 0xffff)
            from low in Gen.Choose(0, 0xffff)
            select ((uint)high << 16) | (uint)low);

    private static Gen<Satoshis> Amounts =>
        Gen.OneOf(
            Gen.Elements(Satoshis.Zero, new Satoshis(1), Satoshis.MaxMoney),
            from whole in Gen.Choose(0, 21_000_000)
            from fraction in Gen.Choose(0, 99_999_999)
            select new Satoshis(Math.Min((whole * 100_000_000L) + fraction, Satoshis.MaxMoney.Value)));

    private static Gen<Witness> Witnesses =>
        Gen.Frequency(
            (1, Gen.Constant(Witness.Empty)),
            (2, from count in Gen.Choose(1, 4)
                from items in Gen.ArrayOf(Bytes(80), count)
                select new Witness(items)));

    private static Gen<TxIn> Inputs =>
        from txId in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), TxId.Size)
        from index in UInt32s
        from scriptSig in Bytes(120)
        from sequence in UInt32s
        from witness in Witnesses
        select new TxIn(new OutPoint(new TxId(txId), index), new Script(scriptSig), sequence, witness);

    private static Gen<TxOut> Outputs =>
        from value in Amounts
        from script in Bytes(300)
        select new TxOut(value, new Script(script));

    private static Gen<Transaction> Transactions =>
        from version in Gen.Elements(1, 2, -1, int.MaxValue, int.MinValue)
        from inputCount in Gen.Choose(1, 5)
        from inputs in Gen.ArrayOf(Inputs, inputCount)
        from outputCount in Gen.Choose(0, 5)
        from outputs in Gen.ArrayOf(Outputs, outputCount)
        from lockTime in UInt32s
        select new Transaction(version, [.. inputs], [.. outputs], lockTime);

    [Fact]
    public void Serialize_then_parse_returns_the_same_transaction()
    {
        Check.One(Config, Prop.ForAll(Transactions.ToArbitrary(), tx =>
        {
            byte[] bytes = TransactionSerializer.Serialize(tx);
            Transaction parsed = TransactionSerializer.Parse(bytes);
            return parsed.Equals(tx) && TransactionSerializer.Serialize(parsed).AsSpan().SequenceEqual(bytes);
        }));
    }

    [Fact]
    public void Non_witness_serialization_parses_to_the_transaction_without_witnesses()
    {
        Check.One(Config, Prop.ForAll(Transactions.ToArbitrary(), tx =>
            TransactionSerializer.Parse(TransactionSerializer.Serialize(tx, includeWitness: false)).Equals(tx.WithoutWitnesses())));
    }

    [Fact]
    public void Weight_is_three_times_base_size_plus_total_size()
    {
        Check.One(Config, Prop.ForAll(Transactions.ToArbitrary(), tx =>
        {
            int baseSize = TransactionSerializer.Serialize(tx, includeWitness: false).Length;
            int totalSize = TransactionSerializer.Serialize(tx, includeWitness: true).Length;
            return tx.Weight == (3 * baseSize) + totalSize &&
                   (tx.HasWitness ? totalSize > baseSize : totalSize == baseSize) &&
                   TransactionSerializer.GetSerializedSize(tx) == totalSize;
        }));
    }

    [Fact]
    public void Witness_txid_equals_txid_exactly_when_there_is_no_witness()
    {
        Check.One(Config, Prop.ForAll(Transactions.ToArbitrary(), tx =>
            (tx.GetTxId() == tx.GetWitnessTxId()) == !tx.HasWitness));
    }
}
