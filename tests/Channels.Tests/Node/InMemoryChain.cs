using System.Collections.Concurrent;
using Microchannels.Bitcoin.Chain;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Node;

namespace Microchannels.Channels.Tests.Node;

/// <summary>A deterministic stand-in for the chain: records what was broadcast.</summary>
internal sealed class InMemoryChain : ITransactionBroadcaster
{
    public ConcurrentQueue<Transaction> Broadcast { get; } = new();

    public Task BroadcastAsync(Transaction transaction, CancellationToken cancellationToken)
    {
        Broadcast.Enqueue(transaction);
        return Task.CompletedTask;
    }
}
