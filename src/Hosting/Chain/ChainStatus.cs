using Microchannels.Settlement.Rpc;

namespace Microchannels.Hosting.Chain;

/// <summary>
/// What the host knows of the chain now. <see cref="Synced"/> holds only when bitcoind
/// answered and every block up to its best one was processed: before that, no channel's
/// chain state is trusted (calls that need the chain are refused).
/// </summary>
/// <param name="Reachable">The last call to bitcoind succeeded.</param>
/// <param name="Synced">Reachable, and every block up to bitcoind's best was delivered.</param>
/// <param name="Network">bitcoind's chain name ("main", "test", "signet", "regtest"); null before the first answer.</param>
/// <param name="Tip">The last block processed; null before the first.</param>
/// <param name="LastError">Why bitcoind could not be used, in words (no secrets); null while reachable.</param>
public sealed record ChainStatus(bool Reachable, bool Synced, string? Network, ChainCursor? Tip, string? LastError)
{
    public static ChainStatus Starting { get; } = new(false, false, null, null, "not connected to bitcoind yet");
}
