using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Watching;

namespace Microchannels.Settlement.Tests.Watching;

public sealed class RawBlockParserTests
{
    private static readonly byte[] Previous = [.. Enumerable.Range(0, 32).Select(i => (byte)(i + 100))];

    private static readonly Transaction Segwit = new(
        2,
        [new TxIn(new OutPoint(new TxId(new byte[32]), 0xffffffff), new Script([0x51, 0x51]), TxIn.SequenceFinal, new Witness(new byte[32]))],
        [new TxOut(new Satoshis(5_000_000_000), new Script([0x51])), new TxOut(Satoshis.Zero, StandardScripts.OpReturn([1, 2, 3]))],
        0);

    private static readonly Transaction Legacy = new(
        1, [new TxIn(new OutPoint(Segwit.GetTxId(), 0), TxIn.SequenceFinal)], [new TxOut(new Satoshis(1_000), new Script([0x51]))], 0);

    [Fact]
    public void A_block_parses_into_its_hash_parent_and_transactions()
    {
        byte[] block = Block([Segwit, Legacy]);

        SourceBlock parsed = RawBlockParser.Parse(block);

        Assert.Equal(BlockHash.OfHeader(block), parsed.Hash);
        Assert.Equal(Previous, parsed.PreviousBlockHash.ToBytes());
        Assert.Equal([Segwit.GetWitnessTxId(), Legacy.GetWitnessTxId()], parsed.Transactions.Select(tx => tx.GetWitnessTxId()));
    }

    [Fact]
    public void A_merkle_root_that_does_not_match_the_transactions_throws_BitcoinFormatException()
    {
        byte[] block = Block([Segwit, Legacy]);
        block[40] ^= 1;

        Assert.Throws<BitcoinFormatException>(() => RawBlockParser.Parse(block));
    }

    [Fact]
    public void Trailing_bytes_throw_BitcoinFormatException() =>
        Assert.Throws<BitcoinFormatException>(() => RawBlockParser.Parse([.. Block([Segwit]), 0]));

    [Fact]
    public void A_truncated_block_throws_BitcoinFormatException()
    {
        byte[] block = Block([Segwit, Legacy]);

        Assert.Throws<BitcoinFormatException>(() => RawBlockParser.Parse(block.AsSpan(0, block.Length - 1)));
    }

    [Fact]
    public void A_block_without_transactions_throws_BitcoinFormatException() =>
        Assert.Throws<BitcoinFormatException>(() => RawBlockParser.Parse([.. Header(new byte[32]), 0]));

    [Fact]
    public void A_header_alone_throws_BitcoinFormatException() =>
        Assert.Throws<BitcoinFormatException>(() => RawBlockParser.Parse(Header(new byte[32]).AsSpan(0, 79)));

    [Fact]
    public void A_transaction_count_the_bytes_cannot_hold_throws_BitcoinFormatException() =>
        Assert.Throws<BitcoinFormatException>(() => RawBlockParser.Parse([.. Header(new byte[32]), 0xfe, 0xff, 0xff, 0xff, 0x7f]));

    private static byte[] Block(Transaction[] transactions)
    {
        // Two transactions: root = Hash256(txid0 || txid1); one: the txid itself (internal byte order).
        byte[] root = transactions.Length == 1
            ? transactions[0].GetTxId().ToBytes()
            : Microchannels.Bitcoin.Crypto.Hashes.Hash256([.. transactions[0].GetTxId().ToBytes(), .. transactions[1].GetTxId().ToBytes()]);
        List<byte> bytes = [.. Header(root), (byte)transactions.Length];
        foreach (Transaction transaction in transactions)
        {
            bytes.AddRange(TransactionSerializer.Serialize(transaction));
        }

        return [.. bytes];
    }

    private static byte[] Header(byte[] merkleRoot) =>
        [.. BitConverter.GetBytes(0x20000000), .. Previous, .. merkleRoot, .. BitConverter.GetBytes(1_700_000_000u), 0xff, 0xff, 0x7f, 0x20, 0, 0, 0, 0];
}
