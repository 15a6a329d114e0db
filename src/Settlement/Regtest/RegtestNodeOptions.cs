using System.Collections.Immutable;

namespace Microchannels.Settlement.Regtest;

/// <summary>How <see cref="RegtestNode.StartAsync"/> runs bitcoind.</summary>
public sealed record RegtestNodeOptions
{
    /// <summary>The bitcoind executable; null finds it through <see cref="RegtestNode.TryLocate"/>.</summary>
    public string? BitcoindPath { get; init; }

    /// <summary>The wallet created at start; <see cref="RegtestNode.Rpc"/> addresses it.</summary>
    public string WalletName { get; init; } = "microchannels";

    /// <summary>How long bitcoind may take until it answers RPC.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a shutdown through RPC <c>stop</c> may take before the process is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often to start on new ports when the chosen ones were taken in the meantime.</summary>
    public int PortAttempts { get; init; } = 3;

    /// <summary>More bitcoind arguments, appended after the harness's own (later ones win).</summary>
    public ImmutableArray<string> ExtraArguments { get; init; } = [];

    /// <summary>Chooses the RPC and P2P ports; tests replace it to force a port clash.</summary>
    internal Func<int> PickPort { get; init; } = FreeLoopbackPort.Pick;
}
