using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Hosting.Chain;
using Microchannels.Settlement.Monitoring;

namespace Microchannels.Settlement.Tests.Hosting;

/// <summary>The host's bridge from monitor events to engine inputs, without a node.</summary>
public sealed class ChainEventInputsTests
{
    private static readonly Transaction Funding = Pay(1, 1_000_000);
    private static readonly OutPoint Channel = new(Funding.GetTxId(), 0);
    private readonly List<ChannelChainEvent.TransactionConfirmed> _fetched = [];
    private readonly ChainEventInputs _inputs;

    public ChainEventInputsTests()
    {
        _inputs = new ChainEventInputs(confirmed =>
        {
            _fetched.Add(confirmed);
            return Task.FromResult(Funding);
        });
    }

    [Fact]
    public async Task The_funding_depth_becomes_FundingConfirmed_with_the_transaction_fetched_once()
    {
        var first = await _inputs.ToInputAsync(new ChannelChainEvent.TransactionConfirmed(Channel, Funding.GetTxId(), 200, 1));
        var second = await _inputs.ToInputAsync(new ChannelChainEvent.TransactionConfirmed(Channel, Funding.GetTxId(), 200, 2));

        Assert.Equal(new ChannelInput.FundingConfirmed(Funding, 1), first);
        Assert.Equal(new ChannelInput.FundingConfirmed(Funding, 2), second);
        Assert.Single(_fetched);
    }

    [Fact]
    public async Task The_funding_reorganised_out_becomes_FundingConfirmed_at_depth_0()
    {
        await _inputs.ToInputAsync(new ChannelChainEvent.TransactionConfirmed(Channel, Funding.GetTxId(), 200, 1));

        var input = await _inputs.ToInputAsync(new ChannelChainEvent.TransactionUnconfirmed(Channel, Funding.GetTxId()));

        Assert.Equal(new ChannelInput.FundingConfirmed(Funding, 0), input);
    }

    [Fact]
    public async Task A_funding_reorganised_out_before_its_depth_came_through_the_bridge_gives_no_input()
    {
        Assert.Null(await _inputs.ToInputAsync(new ChannelChainEvent.TransactionUnconfirmed(Channel, Funding.GetTxId())));
        Assert.Empty(_fetched);
    }

    [Fact]
    public async Task Another_transaction_gives_TransactionConfirmed_and_depth_0_when_reorganised_out()
    {
        TxId sweep = Pay(2, 5_000).GetTxId();

        Assert.Equal(new ChannelInput.TransactionConfirmed(sweep, 4), await _inputs.ToInputAsync(new ChannelChainEvent.TransactionConfirmed(Channel, sweep, 210, 4)));
        Assert.Equal(new ChannelInput.TransactionConfirmed(sweep, 0), await _inputs.ToInputAsync(new ChannelChainEvent.TransactionUnconfirmed(Channel, sweep)));
        Assert.Empty(_fetched);
    }

    [Fact]
    public async Task A_spend_of_the_funding_output_gives_FundingSpent_and_its_undoing_gives_nothing()
    {
        Transaction spender = Pay(3, 990_000);

        Assert.Equal(new ChannelInput.FundingSpent(spender), await _inputs.ToInputAsync(new ChannelChainEvent.FundingSpent(Channel, spender, 220)));
        Assert.Null(await _inputs.ToInputAsync(new ChannelChainEvent.FundingUnspent(Channel, spender.GetTxId())));
    }

    private static Transaction Pay(byte seed, long value) =>
        new(2, [new TxIn(new OutPoint(new TxId(Enumerable.Repeat(seed, 32).ToArray()), 0), TxIn.SequenceFinal)], [new TxOut(new Satoshis(value), Script.Empty)], 0);
}
