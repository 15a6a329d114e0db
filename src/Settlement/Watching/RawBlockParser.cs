using System.Collections.Immutable;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Encoding;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Rpc;

namespace Microchannels.Settlement.Watching;

/// <summary>
/// Parses a serialized block (Bitcoin Core primitives/block.h: 80-byte header,
/// CompactSize transaction count, transactions in the BIP 144 format). Each
/// transaction's extent is found by walking its fields with
/// <see cref="BitcoinReader"/>, then it is parsed by <see cref="TransactionSerializer"/>.
/// The merkle root of the txids must match the header's, so the transactions are
/// the ones the (already hash-checked) header commits to.
/// </summary>
public static class RawBlockParser
{
    private const int PrevHashOffset = 4;
    private const int MerkleRootOffset = 36;

    /// <summary>Parses <paramref name="block"/>; malformed data throws <see cref="BitcoinFormatException"/>.</summary>
    public static SourceBlock Parse(ReadOnlySpan<byte> block)
    {
        BlockHash hash = BlockHash.OfHeader(block);
        var reader = new BitcoinReader(block);
        ReadOnlySpan<byte> header = reader.ReadBytes(BlockHash.HeaderSize);
        BlockHash previous = DisplayHash(header.Slice(PrevHashOffset, 32));

        // A transaction is at least 10 bytes with one empty input and output (60 in practice).
        int count = reader.ReadCount(TransactionSerializer.MinInputSize + TransactionSerializer.MinOutputSize + 10);
        if (count == 0)
        {
            throw new BitcoinFormatException("A block holds at least its coinbase transaction.");
        }

        var transactions = ImmutableArray.CreateBuilder<Transaction>(count);
        for (int i = 0; i < count; i++)
        {
            int start = reader.Position;
            SkipTransaction(ref reader);
            transactions.Add(TransactionSerializer.Parse(block[start..reader.Position]));
        }

        reader.EnsureEnd();
        if (!MerkleRoot(transactions).AsSpan().SequenceEqual(header.Slice(MerkleRootOffset, 32)))
        {
            throw new BitcoinFormatException($"The transactions of block {hash} do not match its merkle root.");
        }

        return new SourceBlock(hash, previous, transactions.MoveToImmutable());
    }

    private static void SkipTransaction(ref BitcoinReader reader)
    {
        reader.ReadInt32();
        bool segwit = reader.PeekByte() == 0x00;
        if (segwit)
        {
            reader.ReadBytes(2);
        }

        int inputs = reader.ReadCount(TransactionSerializer.MinInputSize);
        for (int i = 0; i < inputs; i++)
        {
            reader.ReadBytes(OutPoint.Size);
            reader.ReadVarBytes();
            reader.ReadUInt32();
        }

        int outputs = reader.ReadCount(TransactionSerializer.MinOutputSize);
        for (int i = 0; i < outputs; i++)
        {
            reader.ReadInt64();
            reader.ReadVarBytes();
        }

        for (int i = 0; segwit && i < inputs; i++)
        {
            int items = reader.ReadCount(1);
            for (int j = 0; j < items; j++)
            {
                reader.ReadVarBytes();
            }
        }

        reader.ReadUInt32();
    }

    // Bitcoin Core consensus/merkle.cpp ComputeMerkleRoot: pairwise Hash256, the last
    // hash of an odd level paired with itself.
    private static byte[] MerkleRoot(IReadOnlyList<Transaction> transactions)
    {
        List<byte[]> level = [.. transactions.Select(transaction => transaction.GetTxId().ToBytes())];
        Span<byte> pair = stackalloc byte[64];
        while (level.Count > 1)
        {
            var next = new List<byte[]>((level.Count + 1) / 2);
            for (int i = 0; i < level.Count; i += 2)
            {
                level[i].CopyTo(pair);
                level[Math.Min(i + 1, level.Count - 1)].CopyTo(pair[32..]);
                next.Add(Hashes.Hash256(pair));
            }

            level = next;
        }

        return level[0];
    }

    private static BlockHash DisplayHash(ReadOnlySpan<byte> internalOrder)
    {
        byte[] display = internalOrder.ToArray();
        display.AsSpan().Reverse();
        return BlockHash.Parse(Convert.ToHexStringLower(display));
    }
}
