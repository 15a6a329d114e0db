using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Watching;

namespace Microchannels.Settlement.Tests.Watching;

/// <summary>The watcher's reorganisation handling against a scripted chain.</summary>
public sealed class ChainWatcherReorgTests
{
    private readonly FakeBlockSource _source = new();
    private readonly RecordingListener _listener = new();

    [Fact]
    public async Task A_two_block_reorg_unconfirms_a_watched_transaction_and_the_new_branch_confirms_it_again_higher()
    {
        var b0 = _source.Mine();
        var b1 = _source.Mine();
        var watcher = new ChainWatcher(_source, 0, _listener);
        await watcher.PollAsync();
        Assert.Equal([$"connected 0 {b0.Hash}", $"connected 1 {b1.Hash}"], _listener.Take());

        Transaction tx = FakeBlockSource.Transaction();
        TxId id = tx.GetTxId();
        watcher.WatchTransaction(id);
        var b2 = _source.Mine(FakeBlockSource.Transaction(), tx);
        var b3 = _source.Mine();
        await watcher.PollAsync();
        Assert.Equal(
            [$"connected 2 {b2.Hash}", $"confirmed {id} at 2 depth 1", $"connected 3 {b3.Hash}", $"confirmed {id} at 2 depth 2"],
            _listener.Take());
        Assert.Equal(2, watcher.Chain.GetDepth(id));

        _source.Rewind(2);
        var c2 = _source.Mine();
        var c3 = _source.Mine();
        var c4 = _source.Mine(tx);
        var (disconnected, connected) = await watcher.PollAsync();

        Assert.Equal((2, 3), (disconnected, connected));
        Assert.Equal(
            [
                $"disconnected 3 {b3.Hash}",
                $"disconnected 2 {b2.Hash}",
                $"unconfirmed {id}",
                $"connected 2 {c2.Hash}",
                $"connected 3 {c3.Hash}",
                $"connected 4 {c4.Hash}",
                $"confirmed {id} at 4 depth 1",
            ],
            _listener.Take());
        Assert.Equal(1, watcher.Chain.GetDepth(id));
        Assert.Equal([0, 1, 2, 3, 4], watcher.Chain.Blocks.Select(block => block.Height));
        Assert.Equal(c4.Hash, watcher.Chain.Tip?.Hash);
    }

    [Fact]
    public async Task A_reorg_to_a_shorter_chain_leaves_the_transaction_at_depth_zero_until_it_is_mined_again()
    {
        _source.Mine();
        var watcher = new ChainWatcher(_source, 0, _listener);
        Transaction tx = FakeBlockSource.Transaction();
        watcher.WatchTransaction(tx.GetTxId());
        _source.Mine(tx);
        _source.Mine();
        await watcher.PollAsync();

        _source.Rewind(2);
        var c1 = _source.Mine();
        _listener.Take();
        await watcher.PollAsync();

        Assert.Equal(0, watcher.Chain.GetDepth(tx.GetTxId()));
        Assert.Contains($"unconfirmed {tx.GetTxId()}", _listener.Events);
        Assert.DoesNotContain(_listener.Events, line => line.StartsWith("confirmed", StringComparison.Ordinal));
        Assert.Equal(c1.Hash, watcher.Chain.Tip?.Hash);
    }

    [Fact]
    public async Task A_spend_of_a_watched_outpoint_is_reported_and_reverted_when_a_reorg_removes_its_block()
    {
        _source.Mine();
        var watcher = new ChainWatcher(_source, 0, _listener);
        await watcher.PollAsync();
        var watched = new OutPoint(FakeBlockSource.Transaction().GetTxId(), 1);
        watcher.WatchOutPoint(watched);
        Transaction spend = FakeBlockSource.Transaction(watched);
        var b1 = _source.Mine(spend);
        _listener.Take();

        await watcher.PollAsync();
        Assert.Equal([$"connected 1 {b1.Hash}", $"spent {watched} by {spend.GetTxId()} at 1"], _listener.Take());
        Assert.Equal(spend, watcher.Chain.GetSpender(watched));

        _source.Rewind(1);
        var c1 = _source.Mine();
        var c2 = _source.Mine();
        await watcher.PollAsync();

        Assert.Equal(
            [$"disconnected 1 {b1.Hash}", $"unspent {watched} was {spend.GetTxId()}", $"connected 1 {c1.Hash}", $"connected 2 {c2.Hash}"],
            _listener.Take());
        Assert.Null(watcher.Chain.GetSpender(watched));
    }

    [Fact]
    public async Task A_poll_with_no_new_block_reports_nothing_and_asks_only_for_the_best_hash()
    {
        _source.Mine();
        var watcher = new ChainWatcher(_source, 0, _listener);
        await watcher.PollAsync();
        _listener.Take();
        int callsBefore = _source.Calls;

        var result = await watcher.PollAsync();

        Assert.Equal((0, 0), result);
        Assert.Empty(_listener.Events);
        Assert.Equal(callsBefore + 1, _source.Calls);
    }

    [Fact]
    public void Connecting_a_block_that_does_not_build_on_the_tip_is_refused()
    {
        var chain = new WatchedChain(0);
        chain.Connect(_source.Mine(), _listener);
        var stranger = new SourceBlock(_source.Mine().Hash, _source.Mine().Hash, []);

        Assert.Throws<InvalidOperationException>(() => chain.Connect(stranger, _listener));
    }
}
