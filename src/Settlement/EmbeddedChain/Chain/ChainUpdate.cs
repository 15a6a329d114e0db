using NBitcoin;

namespace Microchannels.EmbeddedChain.Chain;

/// <summary>What a change of the active chain did: blocks disconnected (their transactions go back to the mempool) and blocks connected.</summary>
public sealed record ChainUpdate(IReadOnlyList<Block> Disconnected, IReadOnlyList<Block> Connected)
{
    public static ChainUpdate None { get; } = new([], []);

    public bool IsReorganisation => Disconnected.Count > 0;
}
