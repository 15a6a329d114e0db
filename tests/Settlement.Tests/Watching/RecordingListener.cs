using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Watching;

namespace Microchannels.Settlement.Tests.Watching;

/// <summary>Writes every report as one line, so a test can compare the whole sequence.</summary>
internal sealed class RecordingListener : IChainListener
{
    private readonly List<string> _events = [];

    public IReadOnlyList<string> Events => _events;

    public List<string> Take()
    {
        List<string> taken = [.. _events];
        _events.Clear();
        return taken;
    }

    public void BlockConnected(int height, BlockHash hash) => _events.Add($"connected {height} {hash}");

    public void BlockDisconnected(int height, BlockHash hash) => _events.Add($"disconnected {height} {hash}");

    public void TransactionConfirmed(TxId txId, int height, int depth) => _events.Add($"confirmed {txId} at {height} depth {depth}");

    public void TransactionUnconfirmed(TxId txId) => _events.Add($"unconfirmed {txId}");

    public void OutPointSpent(OutPoint outPoint, Transaction spendingTransaction, int height) =>
        _events.Add($"spent {outPoint} by {spendingTransaction.GetTxId()} at {height}");

    public void OutPointUnspent(OutPoint outPoint, TxId formerSpenderTxId) => _events.Add($"unspent {outPoint} was {formerSpenderTxId}");
}
