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
/// claim delay, both depths, then our outputs (txid, index, satoshis). Malformed bytes
/// throw <see cref="ChannelStateFormatException"/> and nothing else.
/// </summary>
public static class OnChainCloseCodec
{
    private const byte Version = 1;
    private const int OutputSize = TxId.Size + 4 + 8;

    public static byte[] Encode(OnChainClose close)
    {
        ArgumentNullException.ThrowIfNull(close);
        var writer = new WireWriter(1024);
        writer.WriteByte(Version);
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

        return writer.ToArray();
    }

    public static OnChainClose Decode(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new WireReader(data);
            if (reader.ReadByte() != Version)
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

            if (!reader.IsAtEnd)
            {
                throw new ChannelStateFormatException(ChannelStateFormatReason.TrailingBytes, $"{reader.Remaining} bytes follow the on-chain close.");
            }

            return new OnChainClose((FundingSpendKind)kind, spending, claim, claimDelay, outputs.MoveToImmutable(), spendingDepth, claimDepth);
        }
        catch (WireFormatException e)
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.Truncated, $"Malformed on-chain close: {e.Message}", e);
        }
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
