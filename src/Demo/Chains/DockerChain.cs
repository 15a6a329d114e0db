using System.Diagnostics;
using Microchannels.Demo.Processes;
using Microchannels.Settlement.Rpc;

namespace Microchannels.Demo.Chains;

/// <summary>
/// bitcoind in Docker: <c>docker compose -f docker-compose.regtest.yml up -d</c>, RPC on
/// 127.0.0.1:18443 with the user and password of regtest/bitcoin.conf; <c>down</c> at the end.
/// Used only when a Docker engine answers (<c>docker info</c> succeeds).
/// </summary>
internal sealed class DockerChain : DemoChain
{
    // regtest/bitcoin.conf's rpcauth line is for this user and password (docker-compose.regtest.yml).
    private const string User = "microchannels";
    private const string Password = "microchannels";

    private DockerChain(BitcoindRpcClient root, BitcoindRpcClient wallet)
        : base("docker", new Uri("http://127.0.0.1:18443/"), root, wallet)
    {
    }

    public override IReadOnlyDictionary<string, string> DaemonSettings => new Dictionary<string, string>
    {
        ["MICROCHANNELS_BITCOIND__RPCURL"] = RpcUrl.ToString(),
        ["MICROCHANNELS_BITCOIND__RPCUSER"] = User,
        ["MICROCHANNELS_BITCOIND__RPCPASSWORD"] = Password,
    };

    /// <summary>True when <c>docker info</c> succeeds within 15 s: a client alone is not enough, an engine must answer.</summary>
    public static async Task<bool> EngineAnswersAsync(CancellationToken cancellationToken) =>
        await RunAsync(["info"], TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false) == 0;

    public static async Task<DockerChain> StartAsync(CancellationToken cancellationToken)
    {
        int code = await RunAsync(["compose", "-f", Repository.ComposeFile, "up", "-d"], TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            throw new DemoFailedException($"docker compose -f {Repository.ComposeFile} up -d failed (exit code {code}); run it yourself to see why, or use --chain embedded");
        }

        var root = new BitcoindRpcClient(new BitcoindRpcOptions(new Uri("http://127.0.0.1:18443/"), BitcoindCredentials.FromUserPassword(User, Password)) { MaxRetries = 20 });
        await root.GetBlockCountAsync(cancellationToken).ConfigureAwait(false);
        var wallet = await OpenWalletAsync(root, cancellationToken).ConfigureAwait(false);
        return new DockerChain(root, wallet);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        await RunAsync(["compose", "-f", Repository.ComposeFile, "down"], TimeSpan.FromMinutes(1), CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task<int> RunAsync(string[] arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("docker did not start");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1; // No docker client at all.
        }

        using (process)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(CancellationToken.None), process.StandardError.ReadToEndAsync(CancellationToken.None));
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                return -1;
            }

            await drain.ConfigureAwait(false);
            return process.ExitCode;
        }
    }
}
