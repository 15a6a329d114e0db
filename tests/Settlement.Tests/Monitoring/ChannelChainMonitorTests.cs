using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Monitoring;
using Microchannels.Settlement.Tests.Watching;
using static Microchannels.Settlement.Monitoring.ChannelChainEvent;

namespace Microchannels.Settlement.Tests.Monitoring;

/// <summary>The per-channel view of the watcher against a scripted chain, through reorganisations.</summary>
public sealed class ChannelChainMonitorTests
{
    private readonly FakeBlockSource _source = new();
    private readonly Transaction _funding = FakeBlockSource.Transaction();
    private readonly ChannelChainMonitor _monitor;

    public ChannelChainMonitorTests()
    {
        _source.Mine();
        _monitor = new ChannelChainMonitor(_source, 0);
        _monitor.WatchChannel(Funding);
    }

    private OutPoint Funding => new(_funding.GetTxId(), 0);

    [Fact]
    public async Task The_funding_transaction_is_reported_with_a_growing_depth_and_other_transactions_are_not()
    {
        Assert.Empty(await _monitor.PollAsync());
        _source.Mine(FakeBlockSource.Transaction(), _funding);
        _source.Mine(FakeBlockSource.Transaction());
        _source.Mine();

        Assert.Equal(
            [Confirmed(_funding, 1, 1), Confirmed(_funding, 1, 2), Confirmed(_funding, 1, 3)],
            await _monitor.PollAsync());
        Assert.Equal(3, _monitor.GetDepth(_funding.GetTxId()));
    }

    [Fact]
    public async Task A_watch_added_between_blocks_of_one_catch_up_sees_the_next_block()
    {
        // The provider stores a new channel (and asks to watch its funding) while the follower
        // is catching up a run of blocks; the funding is mined within that run.
        var late = FakeBlockSource.Transaction();
        var lateFunding = new OutPoint(late.GetTxId(), 0);
        _source.Mine();
        _source.Mine(late);
        _source.Mine();
        int blocks = 0; // heights 0 to 3: the watch comes just before the block that holds the funding

        var events = await _monitor.PollAsync(() =>
        {
            if (++blocks == 3)
            {
                _monitor.WatchChannel(lateFunding);
            }
        });

        Assert.Equal([new TransactionConfirmed(lateFunding, late.GetTxId(), 2, 1), new TransactionConfirmed(lateFunding, late.GetTxId(), 2, 2)], events);
        Assert.Equal(2, _monitor.GetDepth(late.GetTxId()));
    }

    [Fact]
    public async Task A_spend_by_a_transaction_nobody_watched_is_reported_with_the_spender_and_its_depth_from_then_on()
    {
        _source.Mine(_funding);
        await _monitor.PollAsync();
        Transaction theirCommitment = FakeBlockSource.Transaction(Funding);

        _source.Mine(theirCommitment);
        _source.Mine();

        Assert.Equal(
            [
                new FundingSpent(Funding, theirCommitment, 2),
                Confirmed(theirCommitment, 2, 1),
                Confirmed(_funding, 1, 2),
                Confirmed(theirCommitment, 2, 2),
                Confirmed(_funding, 1, 3),
            ],
            await _monitor.PollAsync());
        Assert.Equal(2, _monitor.GetDepth(theirCommitment.GetTxId()));
    }

    [Fact]
    public async Task A_spend_by_our_own_watched_commitment_reports_each_depth_once()
    {
        _source.Mine(_funding);
        await _monitor.PollAsync();
        Transaction ourCommitment = FakeBlockSource.Transaction(Funding);
        _monitor.WatchTransaction(Funding, ourCommitment.GetTxId());

        _source.Mine(ourCommitment);
        _source.Mine();

        Assert.Equal(
            [
                new FundingSpent(Funding, ourCommitment, 2),
                Confirmed(_funding, 1, 2),
                Confirmed(ourCommitment, 2, 1),
                Confirmed(_funding, 1, 3),
                Confirmed(ourCommitment, 2, 2),
            ],
            await _monitor.PollAsync());
    }

    [Fact]
    public async Task A_reorg_removing_the_spend_reports_it_unspent_and_the_new_branch_spends_it_again_higher()
    {
        _source.Mine(_funding);
        Transaction theirCommitment = FakeBlockSource.Transaction(Funding);
        _source.Mine(theirCommitment);
        await _monitor.PollAsync();

        _source.Rewind(1);
        _source.Mine();
        _source.Mine(theirCommitment);

        Assert.Equal(
            [
                new TransactionUnconfirmed(Funding, theirCommitment.GetTxId()),
                new FundingUnspent(Funding, theirCommitment.GetTxId()),
                Confirmed(_funding, 1, 2),
                new FundingSpent(Funding, theirCommitment, 3),
                Confirmed(theirCommitment, 3, 1),
                Confirmed(_funding, 1, 3),
            ],
            await _monitor.PollAsync());
        Assert.Equal(1, _monitor.GetDepth(theirCommitment.GetTxId()));
    }

    [Fact]
    public async Task A_reorg_removing_the_funding_transaction_reports_it_unconfirmed_then_confirmed_again_from_depth_1()
    {
        _source.Mine(_funding);
        _source.Mine();
        await _monitor.PollAsync();

        _source.Rewind(2);
        _source.Mine();
        _source.Mine();
        _source.Mine(_funding);

        Assert.Equal(
            [new TransactionUnconfirmed(Funding, _funding.GetTxId()), Confirmed(_funding, 3, 1)],
            await _monitor.PollAsync());
    }

    [Fact]
    public async Task Transactions_a_channel_broadcast_are_reported_under_that_channel_only()
    {
        Transaction otherFunding = FakeBlockSource.Transaction();
        var other = new OutPoint(otherFunding.GetTxId(), 0);
        _monitor.WatchChannel(other);
        _source.Mine(_funding, otherFunding);
        await _monitor.PollAsync();
        Transaction sweep = FakeBlockSource.Transaction();
        _monitor.WatchTransaction(other, sweep.GetTxId());

        _source.Mine(sweep);

        var events = await _monitor.PollAsync();
        Assert.Contains(new ChannelChainEvent.TransactionConfirmed(other, sweep.GetTxId(), 2, 1), events);
        Assert.DoesNotContain(events, e => e is ChannelChainEvent.TransactionConfirmed c && c.TxId == sweep.GetTxId() && c.FundingOutPoint != other);
        Assert.Equal(
            [Funding, other, other],
            events.Select(e => e.FundingOutPoint));
    }

    [Fact]
    public void Watching_a_transaction_for_an_unknown_channel_is_refused()
    {
        var unknown = new OutPoint(FakeBlockSource.Transaction().GetTxId(), 1);

        Assert.Throws<InvalidOperationException>(() => _monitor.WatchTransaction(unknown, FakeBlockSource.Transaction().GetTxId()));
    }

    private ChannelChainEvent.TransactionConfirmed Confirmed(Transaction transaction, int height, uint depth) =>
        new(Funding, transaction.GetTxId(), height, depth);
}
