using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Keys;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Persistence;

/// <summary>
/// The field types every stored structure is built from, as Write/Read pairs over the
/// wire layer's big-endian <see cref="WireWriter"/> / <see cref="WireReader"/>. Readers
/// check each value's domain and throw <see cref="ChannelStateFormatException"/>;
/// writers refuse the same values with an <see cref="ArgumentException"/>, so
/// <see cref="CommitmentsCodec.Encode"/> never stores bytes that cannot be loaded back.
/// </summary>
internal static class StateFields
{
    public static void WritePublicKey(this WireWriter writer, PublicKey key) => writer.WriteBytes(key.AsSpan());

    /// <summary>33 bytes, compressed (BOLT 1 <c>point</c>), and on the curve: libsecp256k1 parses it.</summary>
    public static PublicKey ReadPublicKey(this ref WireReader reader)
    {
        int offset = reader.Position;
        return PublicKey.TryFromBytes(reader.ReadBytes(PublicKey.CompressedSize), out var key)
            ? key
            : throw Error(ChannelStateFormatReason.InvalidPoint, offset, "A public key is not a compressed secp256k1 point");
    }

    public static void WriteEcdsaSignature(this WireWriter writer, EcdsaSignature signature) => writer.WriteBytes(signature.ToCompact());

    /// <summary>64 bytes r || s (BOLT 1 <c>signature</c>), both in [1, n-1].</summary>
    public static EcdsaSignature ReadEcdsaSignature(this ref WireReader reader)
    {
        int offset = reader.Position;
        return ParseSignature(reader.ReadBytes(EcdsaSignature.CompactSize), offset);
    }

    public static void WriteSignedMeterReading(this WireWriter writer, SignedMeterReading signed)
    {
        ArgumentNullException.ThrowIfNull(signed);
        try
        {
            _ = EcdsaSignature.FromCompact(signed.Signature.AsSpan());
        }
        catch (InvalidSignatureException e)
        {
            throw new ArgumentException("A stored meter reading carries a compact ECDSA signature.", nameof(signed), e);
        }

        if (signed.Reading.Version == 2)
        {
            SignedMeterReading.WriteV2(writer, signed);
        }
        else
        {
            SignedMeterReading.Write(writer, signed);
        }
    }

    /// <summary>The wire layout of <see cref="SignedMeterReading"/>, its signature parsed as well.</summary>
    public static SignedMeterReading ReadSignedMeterReading(this ref WireReader reader)
    {
        int signatureOffset = reader.Position + MeterReading.FieldsLength;
        var signed = SignedMeterReading.Read(ref reader);
        _ = ParseSignature(signed.Signature.AsSpan(), signatureOffset);
        return signed;
    }

    /// <summary>The wire layout of a version-2 <see cref="SignedMeterReading"/>, its signature parsed as well.</summary>
    public static SignedMeterReading ReadSignedMeterReadingV2(this ref WireReader reader)
    {
        int signatureOffset = reader.Position + MeterReading.FieldsLengthV2;
        var signed = SignedMeterReading.ReadV2(ref reader);
        _ = ParseSignature(signed.Signature.AsSpan(), signatureOffset);
        return signed;
    }

    public static void WriteTxId(this WireWriter writer, TxId txId)
    {
        Span<byte> bytes = stackalloc byte[TxId.Size];
        txId.WriteTo(bytes);
        writer.WriteBytes(bytes);
    }

    /// <summary>32 bytes in internal (outpoint) order, as Bitcoin serializes a txid.</summary>
    public static TxId ReadTxId(this ref WireReader reader) => new(reader.ReadBytes(TxId.Size));

    public static void WriteOutPoint(this WireWriter writer, OutPoint outPoint)
    {
        writer.WriteTxId(outPoint.TxId);
        writer.WriteU32(outPoint.Index);
    }

    public static OutPoint ReadOutPoint(this ref WireReader reader) => new(reader.ReadTxId(), reader.ReadU32());

    public static void WriteSatoshis(this WireWriter writer, Satoshis amount)
    {
        if (!amount.IsMoneyRange)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "A stored amount is within 0 and 21 million BTC.");
        }

        writer.WriteU64((ulong)amount.Value);
    }

    /// <summary>A u64 in Bitcoin Core's MoneyRange (consensus/amount.h): 0 to 21 million BTC.</summary>
    public static Satoshis ReadSatoshis(this ref WireReader reader)
    {
        int offset = reader.Position;
        ulong value = reader.ReadU64();
        return value <= (ulong)Satoshis.MaxMoney.Value
            ? new Satoshis((long)value)
            : throw Error(ChannelStateFormatReason.ValueOutOfRange, offset, $"{value} sat is more than 21 million BTC");
    }

    public static void WriteAmount(this WireWriter writer, MilliSatoshis amount)
    {
        if (!amount.IsWithinMoneySupply)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "A stored amount is at most 21 million BTC.");
        }

        writer.Write(amount);
    }

    /// <summary>BOLT 1, "Fundamental Types": msat amounts are at most 0x1d24b2dfac520000 (21 million BTC).</summary>
    public static MilliSatoshis ReadAmount(this ref WireReader reader)
    {
        int offset = reader.Position;
        var amount = reader.ReadMilliSatoshis();
        return amount.IsWithinMoneySupply
            ? amount
            : throw Error(ChannelStateFormatReason.ValueOutOfRange, offset, $"{amount} is more than 21 million BTC");
    }

    public static void WriteFeerate(this WireWriter writer, FeeratePerKw feerate) => writer.WriteU32(feerate.Value);

    /// <summary>BOLT 2 <c>feerate_per_kw</c> is a u32.</summary>
    public static FeeratePerKw ReadFeerate(this ref WireReader reader) => new(reader.ReadU32());

    public static void WriteCommitmentNumber(this WireWriter writer, ulong number)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, CommitmentIndex.MaxCommitmentNumber);
        writer.WriteU64(number);
    }

    /// <summary>BOLT 3 "Commitment Transaction": commitment numbers are 48 bits.</summary>
    public static ulong ReadCommitmentNumber(this ref WireReader reader)
    {
        int offset = reader.Position;
        ulong number = reader.ReadU64();
        return number <= CommitmentIndex.MaxCommitmentNumber
            ? number
            : throw Error(ChannelStateFormatReason.ValueOutOfRange, offset, $"Commitment number {number} is beyond 2^48 - 1");
    }

    public static void WriteFlag(this WireWriter writer, bool value) => writer.WriteByte(value ? (byte)1 : (byte)0);

    /// <summary>A boolean or a presence marker: exactly 0 or 1, so every state has one encoding.</summary>
    public static bool ReadFlag(this ref WireReader reader)
    {
        int offset = reader.Position;
        return reader.ReadByte() switch
        {
            0 => false,
            1 => true,
            var other => throw Error(ChannelStateFormatReason.InvalidFlag, offset, $"Flag byte 0x{other:x2} is neither 0 nor 1"),
        };
    }

    public static void WriteCount(this WireWriter writer, int count) => writer.WriteBigSize((ulong)count);

    /// <summary>
    /// A list length as a minimal BigSize (BOLT 1, "Appendix A"), checked against the
    /// bytes left before anything is allocated: items of at least
    /// <paramref name="minimumItemSize"/> bytes cannot outnumber what remains.
    /// </summary>
    public static int ReadCount(this ref WireReader reader, int minimumItemSize)
    {
        int offset = reader.Position;
        ulong count = reader.ReadBigSize();
        return count <= (ulong)(reader.Remaining / minimumItemSize)
            ? (int)count
            : throw Error(ChannelStateFormatReason.CountExceedsInput, offset, $"A count of {count} items of at least {minimumItemSize} bytes exceeds the {reader.Remaining} bytes left");
    }

    public static ChannelStateFormatException Error(ChannelStateFormatReason reason, int offset, string what) =>
        new(reason, $"{what} (offset {offset}).");

    private static EcdsaSignature ParseSignature(ReadOnlySpan<byte> compact, int offset)
    {
        try
        {
            return EcdsaSignature.FromCompact(compact);
        }
        catch (InvalidSignatureException e)
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.InvalidSignature, $"{e.Message} (offset {offset}).", e);
        }
    }
}
