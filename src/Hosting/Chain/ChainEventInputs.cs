using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Settlement.Monitoring;

namespace Microchannels.Hosting.Chain;

/// <summary>
/// The host's bridge from one party's <see cref="ChannelChainMonitor"/> events (Bitcoin terms
/// only, DESIGN.md "Rooms") to the channel engine's chain inputs:
/// <list type="bullet">
/// <item>the funding transaction's depth becomes <see cref="ChannelInput.FundingConfirmed"/>
/// (the engine wants the transaction itself, to check the output it pays: BOLT 2 "The
/// channel_ready Message"), fetched once through <c>fetch</c> and kept, and a reorganisation
/// that takes it out of the chain becomes the same input at depth 0;</item>
/// <item>any other transaction's depth becomes <see cref="ChannelInput.TransactionConfirmed"/>,
/// depth 0 when reorganised out;</item>
/// <item>a spend of the funding output becomes <see cref="ChannelInput.FundingSpent"/>.</item>
/// </list>
/// A funding output found unspent again has no engine input: the spender's depth 0 says it.
/// Not thread-safe: one chain loop calls it.
/// </summary>
public sealed class ChainEventInputs(Func<ChannelChainEvent.TransactionConfirmed, Task<Transaction>> fetch)
{
    private readonly Dictionary<TxId, Transaction> _fundingTransactions = [];

    public async Task<ChannelInput?> ToInputAsync(ChannelChainEvent chainEvent) => chainEvent switch
    {
        ChannelChainEvent.FundingSpent spent => new ChannelInput.FundingSpent(spent.SpendingTransaction),
        ChannelChainEvent.TransactionConfirmed confirmed when IsFunding(confirmed.FundingOutPoint, confirmed.TxId) =>
            new ChannelInput.FundingConfirmed(await FundingTransactionAsync(confirmed).ConfigureAwait(false), confirmed.Depth),
        ChannelChainEvent.TransactionConfirmed confirmed => new ChannelInput.TransactionConfirmed(confirmed.TxId, confirmed.Depth),

        // Known when its confirmations came through here; otherwise the engine never heard of them.
        ChannelChainEvent.TransactionUnconfirmed unconfirmed when IsFunding(unconfirmed.FundingOutPoint, unconfirmed.TxId) =>
            _fundingTransactions.TryGetValue(unconfirmed.TxId, out Transaction? funding) ? new ChannelInput.FundingConfirmed(funding, 0) : null,
        ChannelChainEvent.TransactionUnconfirmed unconfirmed => new ChannelInput.TransactionConfirmed(unconfirmed.TxId, 0),
        _ => null,
    };

    private static bool IsFunding(OutPoint fundingOutPoint, TxId txId) => fundingOutPoint.TxId == txId;

    private async Task<Transaction> FundingTransactionAsync(ChannelChainEvent.TransactionConfirmed confirmed)
    {
        if (!_fundingTransactions.TryGetValue(confirmed.TxId, out Transaction? transaction))
        {
            transaction = await fetch(confirmed).ConfigureAwait(false);
            if (transaction.GetTxId() != confirmed.TxId)
            {
                throw new FetchedTransactionMismatchException(confirmed.TxId, transaction.GetTxId());
            }

            _fundingTransactions[confirmed.TxId] = transaction;
        }

        return transaction;
    }
}
