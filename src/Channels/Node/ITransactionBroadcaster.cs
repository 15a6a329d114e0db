using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Channels.Node;

/// <summary>
/// The chain edge the shell needs to close channels (LDK's BroadcasterInterface,
/// STYLE.md #6). Settlement implements it over bitcoind; tests use an in-memory chain.
/// Broadcasting the same transaction twice must be harmless.
/// </summary>
public interface ITransactionBroadcaster
{
    Task BroadcastAsync(Transaction transaction, CancellationToken cancellationToken);
}
