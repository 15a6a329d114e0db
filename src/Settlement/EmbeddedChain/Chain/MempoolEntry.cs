using NBitcoin;

namespace Microchannels.EmbeddedChain.Chain;

/// <summary>A transaction in the mempool with its fee and virtual size (txmempool.h CTxMemPoolEntry).</summary>
public sealed record MempoolEntry(Transaction Transaction, long Fee, int VirtualSize, long Sequence, long EntryTime)
{
    public uint256 TxId { get; } = Transaction.GetHash();

    public uint256 WitnessTxId { get; } = Transaction.GetWitHash();
}
