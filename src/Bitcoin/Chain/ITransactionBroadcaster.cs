using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Bitcoin.Chain;

/// <summary>
/// The chain edge the channel shell needs to close channels (LDK's BroadcasterInterface,
/// STYLE.md #6). It lives in the Bitcoin room so that Settlement can implement it over
/// bitcoind without depending on Channels (DESIGN.md "Rooms": Settlement -> Bitcoin);
/// tests use an in-memory chain. Broadcasting the same transaction twice must be harmless.
/// </summary>
public interface ITransactionBroadcaster
{
    Task BroadcastAsync(Transaction transaction, CancellationToken cancellationToken);
}
