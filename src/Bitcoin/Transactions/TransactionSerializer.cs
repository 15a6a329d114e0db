using System.Collections.Immutable;
using Microchannels.Bitcoin.Encoding;
using Microchannels.Bitcoin.Scripts;

namespace Microchannels.Bitcoin.Transactions;

/// <summary>
/// The transaction wire format: the original serialization and BIP 144's
/// segwit serialization (<c>version marker=0x00 flag=0x01 txins txouts
/// witnesses locktime</c>). Parsing is strict and never allocates more than the
/// input bytes can back; every malformation throws <see cref="BitcoinFormatException"/>.
/// </summary>
public static class TransactionSerializer
{
    /// <summary>Smallest serialized input: outpoint (36) + empty scriptSig length (1) + nSequence (4).</summary>
    public const int MinInputSize = OutPoint.Size + 1 + 4;

    /// <summary>Smallest serialized output: value (8) + empty scriptPubKey length (1).</summary>
    public const int MinOutputSize = 8 + 1;

    private const byte SegwitMarker = 0x00;
    private const byte SegwitFlag = 0x01;

    /// <summary>
    /// Serializes <paramref name="transaction"/>. With <paramref name="includeWitness"/>
    /// the BIP 144 format is used only when some input has a witness, as Core
    /// does, so a transaction without witnesses always has one encoding.
    /// </summary>
    public static byte[] Serialize(Transaction transaction, bool includeWitness = true)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var writer = new BitcoinWriter(GetSerializedSize(transaction, includeWitness));
        Write(writer, transaction, includeWitness);
        return writer.ToArray();
    }

    public static void Write(BitcoinWriter writer, Transaction transaction, bool includeWitness = true)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(transaction);
        bool segwit = includeWitness && transaction.HasWitness;
        writer.WriteInt32(transaction.Version);
        if (segwit)
        {
            writer.WriteByte(SegwitMarker);
            writer.WriteByte(SegwitFlag);
        }

        writer.WriteVarInt((ulong)transaction.Inputs.Length);
        foreach (TxIn input in transaction.Inputs)
        {
            WriteOutPoint(writer, input.PrevOut);
            writer.WriteVarBytes(input.ScriptSig.AsSpan());
            writer.WriteUInt32(input.Sequence);
        }

        writer.WriteVarInt((ulong)transaction.Outputs.Length);
        foreach (TxOut output in transaction.Outputs)
        {
            WriteTxOut(writer, output);
        }

        if (segwit)
        {
            foreach (TxIn input in transaction.Inputs)
            {
                writer.WriteVarInt((ulong)input.Witness.Count);
                foreach (ReadOnlyMemory<byte> item in input.Witness)
                {
                    writer.WriteVarBytes(item.Span);
                }
            }
        }

        writer.WriteUInt32(transaction.LockTime);
    }

    /// <summary>The length <see cref="Serialize"/> would return, computed without serializing.</summary>
    public static int GetSerializedSize(Transaction transaction, bool includeWitness = true)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        bool segwit = includeWitness && transaction.HasWitness;
        int size = 4 + 4 + (segwit ? 2 : 0);
        size += BitcoinWriter.VarIntSize((ulong)transaction.Inputs.Length);
        foreach (TxIn input in transaction.Inputs)
        {
            size += OutPoint.Size + VarBytesSize(input.ScriptSig.Length) + 4;
            if (segwit)
            {
                size += BitcoinWriter.VarIntSize((ulong)input.Witness.Count);
                foreach (ReadOnlyMemory<byte> item in input.Witness)
                {
                    size += VarBytesSize(item.Length);
                }
            }
        }

        size += BitcoinWriter.VarIntSize((ulong)transaction.Outputs.Length);
        foreach (TxOut output in transaction.Outputs)
        {
            size += 8 + VarBytesSize(output.ScriptPubKey.Length);
        }

        return size;
    }

    public static Transaction ParseHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(hex);
        }
        catch (FormatException e)
        {
            throw new BitcoinFormatException("Transaction hex is malformed.", e);
        }

        return Parse(bytes);
    }

    /// <summary>
    /// Parses one transaction that must fill <paramref name="data"/> exactly.
    /// Accepts both formats; as in Core's UnserializeTransaction, a 0x00 where
    /// the input count belongs is the BIP 144 marker. Rejected: truncation
    /// anywhere, counts the remaining bytes cannot hold, a flag other than 0x01,
    /// the segwit format with every witness empty ("Superfluous witness record"),
    /// an output value outside 0..MAX_MONEY, and trailing bytes.
    /// </summary>
    public static Transaction Parse(ReadOnlySpan<byte> data)
    {
        var reader = new BitcoinReader(data);
        int version = reader.ReadInt32();

        bool segwit = false;
        if (reader.PeekByte() == SegwitMarker)
        {
            reader.ReadByte();
            byte flag = reader.ReadByte();

            // BIP 144 defines only flag 0x01; Core rejects any other bit ("Unknown
            // transaction optional data"), and a zero flag would mean a transaction
            // with no inputs, which is invalid (CheckTransaction "bad-txns-vin-empty").
            if (flag != SegwitFlag)
            {
                throw new BitcoinFormatException($"Segwit flag must be 0x01, got 0x{flag:x2}.");
            }

            segwit = true;
        }

        var prevOuts = new OutPoint[reader.ReadCount(MinInputSize)];
        var scriptSigs = new Script[prevOuts.Length];
        var sequences = new uint[prevOuts.Length];
        for (int i = 0; i < prevOuts.Length; i++)
        {
            prevOuts[i] = new OutPoint(new TxId(reader.ReadBytes(TxId.Size)), reader.ReadUInt32());
            scriptSigs[i] = ReadScript(ref reader);
            sequences[i] = reader.ReadUInt32();
        }

        var outputs = ImmutableArray.CreateBuilder<TxOut>(reader.ReadCount(MinOutputSize));
        for (int i = 0; i < outputs.Capacity; i++)
        {
            outputs.Add(ReadTxOut(ref reader));
        }

        var witnesses = new Witness[prevOuts.Length];
        bool anyWitness = false;
        for (int i = 0; i < witnesses.Length; i++)
        {
            witnesses[i] = segwit ? ReadWitness(ref reader) : Witness.Empty;
            anyWitness |= !witnesses[i].IsEmpty;
        }

        // Core: "Superfluous witness record". Without this a transaction would have
        // two encodings, and the second would re-serialize differently.
        if (segwit && !anyWitness)
        {
            throw new BitcoinFormatException("Segwit serialization with no witness data (superfluous witness record).");
        }

        uint lockTime = reader.ReadUInt32();
        reader.EnsureEnd();

        var inputs = ImmutableArray.CreateBuilder<TxIn>(prevOuts.Length);
        for (int i = 0; i < prevOuts.Length; i++)
        {
            inputs.Add(new TxIn(prevOuts[i], scriptSigs[i], sequences[i], witnesses[i]));
        }

        return new Transaction(version, inputs.MoveToImmutable(), outputs.MoveToImmutable(), lockTime);
    }

    internal static void WriteOutPoint(BitcoinWriter writer, OutPoint outPoint)
    {
        Span<byte> txId = stackalloc byte[TxId.Size];
        outPoint.TxId.WriteTo(txId);
        writer.WriteBytes(txId);
        writer.WriteUInt32(outPoint.Index);
    }

    internal static void WriteTxOut(BitcoinWriter writer, TxOut output)
    {
        writer.WriteInt64(output.Value.Value);
        writer.WriteVarBytes(output.ScriptPubKey.AsSpan());
    }

    private static TxOut ReadTxOut(ref BitcoinReader reader)
    {
        var value = new Satoshis(reader.ReadInt64());

        // Core's CheckTransaction: "bad-txns-vout-negative" / "bad-txns-vout-toolarge".
        if (!value.IsMoneyRange)
        {
            throw new BitcoinFormatException($"Output value {value.Value} is outside 0..{Satoshis.MaxMoney.Value}.");
        }

        return new TxOut(value, ReadScript(ref reader));
    }

    private static Witness ReadWitness(ref BitcoinReader reader)
    {
        // Each stack item costs at least its one-byte length prefix.
        var items = new byte[reader.ReadCount(1)][];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = reader.ReadVarBytes().ToArray();
        }

        return Witness.FromOwnedItems(items);
    }

    private static Script ReadScript(ref BitcoinReader reader) => Script.FromOwnedArray(reader.ReadVarBytes().ToArray());

    private static int VarBytesSize(int length) => BitcoinWriter.VarIntSize((ulong)length) + length;
}
