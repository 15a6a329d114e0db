using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.StateMachine;

namespace Microchannels.Hosting.Chain;

/// <summary>
/// Where a <see cref="ChainFollower"/> delivers what the chain did: the host routes each
/// input to the channel funded at the outpoint (a provider node, a meter's runner) and keeps
/// the height up to which everything was delivered, so a restart resumes from there.
/// </summary>
public interface IChainEventSink
{
    /// <summary>An engine input for the channel funded at <paramref name="fundingOutPoint"/>.</summary>
    Task DeliverAsync(OutPoint fundingOutPoint, ChannelInput input, CancellationToken cancellationToken);

    /// <summary>A new best block: every channel hears it (the engine's clock, counted in blocks).</summary>
    Task BlockConnectedAsync(uint height, CancellationToken cancellationToken);

    /// <summary>
    /// Every event of every block up to <paramref name="cursor"/> was delivered: the host stores
    /// it, and the next start watches from the block after it (<see cref="ChainFollowerOptions.StartHeight"/>).
    /// </summary>
    Task SaveCursorAsync(ChainCursor cursor, CancellationToken cancellationToken);
}
