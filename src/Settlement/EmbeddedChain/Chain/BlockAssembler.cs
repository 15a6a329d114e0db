using NBitcoin;
using NBitcoin.Crypto;

namespace Microchannels.EmbeddedChain.Chain;

/// <summary>
/// Builds a regtest block on a tip (node/miner.cpp BlockAssembler, GenerateCoinbaseCommitment):
/// a coinbase with the BIP 34 height paying subsidy plus fees, the BIP 141 witness commitment,
/// the given transactions, and a nonce that meets regtest's proof-of-work limit.
/// </summary>
public static class BlockAssembler
{
    /// <summary>The BIP 141 commitment header: OP_RETURN, a 36-byte push, 0xaa21a9ed.</summary>
    private static readonly byte[] CommitmentHeader = [0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed];

    public static Block Build(BlockRecord tip, Script payTo, IReadOnlyList<Transaction> transactions, long fees, long time)
    {
        Network network = Network.RegTest;
        int height = tip.Height + 1;
        Block block = network.Consensus.ConsensusFactory.CreateBlock();
        block.Header.Version = 0x20000000;
        block.Header.HashPrevBlock = tip.Hash;
        block.Header.Bits = tip.Block.Header.Bits;
        block.Header.BlockTime = DateTimeOffset.FromUnixTimeSeconds(Math.Max(time, tip.MedianTimePast + 1));

        Transaction coinbase = network.CreateTransaction();
        coinbase.Version = 2;
        coinbase.Inputs.Add(new TxIn(new OutPoint(uint256.Zero, uint.MaxValue), new Script(Op.GetPushOp(height), OpcodeType.OP_0))
        {
            Sequence = Sequence.Final,

            // BIP 141: the witness reserved value, 32 zero bytes.
            WitScript = new WitScript([new byte[32]], false),
        });
        coinbase.Outputs.Add(new TxOut(Money.Satoshis(ChainState.Subsidy(height) + fees), payTo));
        block.Transactions.Add(coinbase);
        block.Transactions.AddRange(transactions);

        // BIP 141: the merkle root of the wtxids (the coinbase's counts as zero), hashed with the reserved value.
        uint256 witnessRoot = MerkleNode.GetRoot(block.Transactions.Select((tx, i) => i == 0 ? uint256.Zero : tx.GetWitHash())).Hash;
        byte[] commitment = Hashes.DoubleSHA256([.. witnessRoot.ToBytes(), .. new byte[32]]).ToBytes();
        coinbase.Outputs.Add(new TxOut(Money.Zero, new Script([.. CommitmentHeader, .. commitment])));

        block.UpdateMerkleRoot();
        while (!block.Header.CheckProofOfWork())
        {
            block.Header.Nonce++;
        }

        return block;
    }
}
