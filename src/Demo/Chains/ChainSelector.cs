using Microchannels.Demo.Processes;
using Microchannels.Settlement.Regtest;

namespace Microchannels.Demo.Chains;

/// <summary>
/// Picks the chain (issue 13): a bitcoind on PATH or through BITCOIND_EXE; else bitcoind in
/// Docker when a Docker engine answers; else the SIMULATED embedded chain. Says which and why.
/// </summary>
internal static class ChainSelector
{
    public static async Task<DemoChain> StartAsync(string choice, string runDirectory, Action<string> say, Action<ChildProcess> started, CancellationToken cancellationToken)
    {
        string? bitcoind = null;
        string bitcoindReason = "";
        if (choice is "auto" or "bitcoind"
            && !RegtestNode.TryLocate(out bitcoind, out bitcoindReason)
            && choice == "bitcoind")
        {
            throw new DemoFailedException($"--chain bitcoind: {bitcoindReason}");
        }

        if (bitcoind is not null)
        {
            var node = await BitcoindChain.StartAsync(bitcoind, cancellationToken).ConfigureAwait(false);
            say($"chain: bitcoind {node.Version} in regtest ({bitcoind}), RPC {node.RpcUrl}");
            return node;
        }

        bool docker = choice is "auto" or "docker" && await DockerChain.EngineAnswersAsync(cancellationToken).ConfigureAwait(false);
        if (choice == "docker" && !docker)
        {
            throw new DemoFailedException("--chain docker: no Docker engine answers (docker info failed)");
        }

        if (docker)
        {
            var compose = await DockerChain.StartAsync(cancellationToken).ConfigureAwait(false);
            say($"chain: bitcoind in Docker (docker compose -f docker-compose.regtest.yml), RPC {compose.RpcUrl}");
            return compose;
        }

        var embedded = await EmbeddedChainProcess.StartAsync(runDirectory, started, cancellationToken).ConfigureAwait(false);
        string why = choice == "embedded" ? "asked for with --chain embedded" : $"{bitcoindReason}; no Docker engine answers";
        say($"chain: the SIMULATED embedded regtest chain (not bitcoind, for development only; {why}), RPC {embedded.RpcUrl}");
        return embedded;
    }
}
