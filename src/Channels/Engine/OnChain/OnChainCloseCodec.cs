using System.Collections.Immutable;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Persistence;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.OnChain;

/// <summary>
/// The stored form of an <see cref="OnChainClose"/>, inside the channel store's record
/// (<c>ChannelStateCodec</c> wraps it with the commitments and a checksum). Big-endian like
/// the rest of the store: version, kind, spending transaction, optional signed claim, the
/// claim delay, both depths, then our outputs (txid, index, satoshis). Version 2 (a close
/// whose claim is priced and bumped, <see cref="ClaimFees"/>) adds the claim's fees and
/// schedule, then its replaced versions; a close without them is still written as version 1,
/// and version 1 records read as closes without them. Malformed bytes throw
/// <see cref="ChannelStateFormatException"/> and nothing else.
/// </summary>
public static class OnChainCloseCodec
{
    private const byte Version1 = 1;
    private const byte Version2 = 2;
    private const int OutputSize = TxId.Size + 4 + 8;

    public static byte[] Encode(OnChainClose close)
    {
        ArgumentNullException.ThrowIfNull(close);
        var writer = new WireWriter(1024);
        bool bumpable = close.Fees is not null || !close.Replaced.IsEmpty;
        writer.WriteByte(bumpable ? Version2 : Version1);
        writer.WriteByte((byte)close.Kind);
        WriteBlob(writer, TransactionSerializer.Serialize(close.SpendingTransaction));
        writer.WriteByte(close.Claim is null ? (byte)0 : (byte)1);
        if (close.Claim is not null)
        {
            WriteBlob(writer, TransactionSerializer.Serialize(close.Claim));
        }

        writer.WriteU32(close.ClaimDelay);
        writer.WriteU32(close.SpendingDepth);
        writer.WriteU32(close.ClaimDepth);
        writer.WriteU16(checked((ushort)close.OurOutputs.Length));
        foreach (var output in close.OurOutputs)
        {
            writer.WriteBytes(output.OutPoint.TxId.ToBytes());
            writer.WriteU32(output.OutPoint.Index);
            writer.WriteU64((ulong)output.Amount.Value);
        }

        if (bumpable)
        {
            WriteFees(writer, close);
        }

        return writer.ToArray();
    }

    public static OnChainClose Decode(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new WireReader(data);
            byte version = reader.ReadByte();
            if (version is not Version1 and not Version2)
            {
                throw new ChannelStateFormatException(ChannelStateFormatReason.UnsupportedVersion, "Unsupported on-chain close version.");
            }

            byte kind = reader.ReadByte();
            if (kind is < (byte)FundingSpendKind.MutualClose or > (byte)FundingSpendKind.RevokedRemoteCommitment)
            {
                throw new ChannelStateFormatException(ChannelStateFormatReason.InvalidFlag, $"Unknown funding spend kind {kind}.");
            }

            var spending = ReadTransaction(ref reader);
            var claim = reader.ReadByte() switch
            {
                0 => null,
                1 => ReadTransaction(ref reader),
                var other => throw new ChannelStateFormatException(ChannelStateFormatReason.InvalidFlag, $"Flag byte {other} is neither 0 nor 1."),
            };
            uint claimDelay = reader.ReadU32();
            uint spendingDepth = reader.ReadU32();
            uint claimDepth = reader.ReadU32();
            int count = reader.ReadU16();
            if ((long)count * OutputSize > reader.Remaining)
            {
                throw new ChannelStateFormatException(ChannelStateFormatReason.CountExceedsInput, $"{count} outputs exceed the {reader.Remaining} bytes left.");
            }

            var outputs = ImmutableArray.CreateBuilder<ResolvedOutput>(count);
            for (int i = 0; i < count; i++)
            {
                var txId = new TxId(reader.ReadBytes(TxId.Size));
                uint index = reader.ReadU32();
                ulong amount = reader.ReadU64();
                if (amount > (ulong)Satoshis.MaxMoney.Value)
                {
                    throw new ChannelStateFormatException(ChannelStateFormatReason.ValueOutOfRange, $"Output amount {amount} sat exceeds 21 million BTC.");
                }

                outputs.Add(new ResolvedOutput(new OutPoint(txId, index), new Satoshis((long)amount)));
            }

            var (fees, replaced) = version == Version2 ? ReadFees(ref reader) : (null, []);
            if (!reader.IsAtEnd)
            {
                throw new ChannelStateFormatException(ChannelStateFormatReason.TrailingBytes, $"{reader.Remaining} bytes follow the on-chain close.");
            }

            return new OnChainClose((FundingSpendKind)kind, spending, claim, claimDelay, outputs.MoveToImmutable(), spendingDepth, claimDepth, fees, replaced);
        }
        catch (WireFormatException e)
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.Truncated, $"Malformed on-chain close: {e.Message}", e);
        }
    }

    /// <summary>Version 2's tail: a fees flag and the fees, then the replaced claims.</summary>
    private static void WriteFees(WireWriter writer, OnChainClose close)
    {
        writer.WriteByte(close.Fees is null ? (byte)0 : (byte)1);
        if (close.Fees is { } fees)
        {
            writer.WriteU32(fees.Feerate.Value);
            writer.WriteU64((ulong)fees.Fee.Value);
            writer.WriteU32((uint)fees.Weight);
            writer.WriteU32(fees.Start.Value);
            writer.WriteU32(fees.Estimate.Value);
            writer.WriteU32(fees.Ceiling.Value);
            writer.WriteU32(fees.IncrementalRelay.Value);
            writer.WriteU32(fees.StartDepth);
            writer.WriteU32(fees.DeadlineDepth);
        }

        writer.WriteU16(checked((ushort)close.Replaced.Length));
        foreach (var replaced in close.Replaced)
        {
            WriteBlob(writer, TransactionSerializer.Serialize(replaced));
        }
    }

    private static (ClaimFees? Fees, ImmutableArray<Transaction> Replaced) ReadFees(ref WireReader reader)
    {
        ClaimFees? fees = reader.ReadByte() switch
        {
            0 => null,
            1 => ReadClaimFees(ref reader),
            var other => throw new ChannelStateFormatException(ChannelStateFormatReason.InvalidFlag, $"Flag byte {other} is neither 0 nor 1."),
        };
        int count = reader.ReadU16();
        if ((long)count * 4 > reader.Remaining)
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.CountExceedsInput, $"{count} replaced claims exceed the {reader.Remaining} bytes left.");
        }

        var replaced = ImmutableArray.CreateBuilder<Transaction>(count);
        for (int i = 0; i < count; i++)
        {
            replaced.Add(ReadTransaction(ref reader));
        }

        return (fees, replaced.MoveToImmutable());
    }

    private static ClaimFees ReadClaimFees(ref WireReader reader)
    {
        var feerate = new FeeratePerKw(reader.ReadU32());
        ulong fee = reader.ReadU64();
        if (fee > (ulong)Satoshis.MaxMoney.Value)
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.ValueOutOfRange, $"Claim fee {fee} sat exceeds 21 million BTC.");
        }

        uint weight = reader.ReadU32();
        if (weight is 0 or > int.MaxValue)
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.ValueOutOfRange, $"Claim weight {weight} is not a weight.");
        }

        return new ClaimFees(
            feerate,
            new Satoshis((long)fee),
            (int)weight,
            Start: new FeeratePerKw(reader.ReadU32()),
            Estimate: new FeeratePerKw(reader.ReadU32()),
            Ceiling: new FeeratePerKw(reader.ReadU32()),
            IncrementalRelay: new FeeratePerKw(reader.ReadU32()),
            StartDepth: reader.ReadU32(),
            DeadlineDepth: reader.ReadU32());
    }

    private static Transaction ReadTransaction(ref WireReader reader)
    {
        uint length = reader.ReadU32();
        if (length > reader.Remaining)
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.CountExceedsInput, $"A {length}-byte transaction exceeds the {reader.Remaining} bytes left.");
        }

        try
        {
            return TransactionSerializer.Parse(reader.ReadBytes((int)length));
        }
        catch (BitcoinFormatException e) when (e is not ChannelStateFormatException)
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.Unspecified, $"Malformed stored transaction: {e.Message}", e);
        }
    }

    private static void WriteBlob(WireWriter writer, ReadOnlySpan<byte> blob)
    {
        writer.WriteU32((uint)blob.Length);
        writer.WriteBytes(blob);
    }
}
