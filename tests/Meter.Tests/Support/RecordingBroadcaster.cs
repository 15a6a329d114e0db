using System.Collections.Concurrent;
using Microchannels.Bitcoin.Chain;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Meter.Tests.Support;

/// <summary>A chain that only remembers what was broadcast (nothing should be, while streaming).</summary>
public sealed class RecordingBroadcaster : ITransactionBroadcaster
{
    public ConcurrentQueue<Transaction> Broadcast { get; } = new();

    public Task BroadcastAsync(Transaction transaction, CancellationToken cancellationToken)
    {
        Broadcast.Enqueue(transaction);
        return Task.CompletedTask;
    }
}
