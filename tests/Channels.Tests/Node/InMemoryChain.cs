using System.Collections.Concurrent;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Chain;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Tests.Engine.StateMachine;

namespace Microchannels.Channels.Tests.Node;

/// <summary>A deterministic stand-in for the chain: records what was broadcast, and funds channels from one fixed segwit coin.</summary>
internal sealed class InMemoryChain : ITransactionBroadcaster, IFundingWallet
{
    public ConcurrentQueue<Transaction> Broadcast { get; } = new();

    public Task BroadcastAsync(Transaction transaction, CancellationToken cancellationToken)
    {
        Broadcast.Enqueue(transaction);
        return Task.CompletedTask;
    }

    /// <summary>Funding transactions given back unbroadcast (the opening was abandoned).</summary>
    public ConcurrentQueue<Transaction> Released { get; } = new();

    public void ReleaseFundingTransaction(Transaction fundingTransaction) => Released.Enqueue(fundingTransaction);

    public Task<Transaction> CreateFundingTransactionAsync(Script fundingScriptPubKey, Satoshis amount, FeeratePerKw feerate, CancellationToken cancellationToken) =>
        Task.FromResult(OpeningSide.Funding(fundingScriptPubKey, amount));
}
