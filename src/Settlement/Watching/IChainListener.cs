using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Rpc;

namespace Microchannels.Settlement.Watching;

/// <summary>
/// What <see cref="ChainWatcher"/> reports, in chain order. On a reorganisation
/// the disconnections (and the reverts they cause) come first, tip downwards,
/// then the connections of the new branch, bottom upwards.
/// </summary>
public interface IChainListener
{
    void BlockConnected(int height, BlockHash hash);

    void BlockDisconnected(int height, BlockHash hash);

    /// <summary>A watched transaction is in the best chain at <paramref name="height"/>; re-reported with the new depth after every connected block (depth 1 = in the tip).</summary>
    void TransactionConfirmed(TxId txId, int height, int depth);

    /// <summary>A reorganisation removed the block that held a watched transaction: its depth is 0 again.</summary>
    void TransactionUnconfirmed(TxId txId);

    /// <summary>A transaction in the block at <paramref name="height"/> spends a watched outpoint.</summary>
    void OutPointSpent(OutPoint outPoint, Transaction spendingTransaction, int height);

    /// <summary>A reorganisation removed the block whose transaction spent <paramref name="outPoint"/>: it is unspent on the best chain again.</summary>
    void OutPointUnspent(OutPoint outPoint, TxId formerSpenderTxId);
}
