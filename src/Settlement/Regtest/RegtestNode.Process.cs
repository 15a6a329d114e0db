using System.Diagnostics;
using System.Text;
using Microchannels.Settlement.Rpc;

namespace Microchannels.Settlement.Regtest;

/// <summary>The bitcoind process: launch, readiness, shutdown and clean-up.</summary>
public sealed partial class RegtestNode
{
    private const int TailLines = 40;

    // bitcoind httpserver.cpp logs this when -rpcbind's port is taken; the node then exits.
    private const string RpcBindFailure = "Unable to bind any endpoint for RPC server";

    private readonly Process _process;
    private readonly RegtestNodeOptions _options;
    private readonly OutputTail _stdout = new(TailLines);
    private readonly OutputTail _stderr = new(TailLines);
    private readonly BitcoindRpcClient _root;
    private BitcoindRpcClient? _wallet;
    private NetworkInfo? _networkInfo;
    private int _disposed;

    private RegtestNode(string bitcoind, RegtestNodeOptions options, string dataDirectory, int rpcPort, int p2pPort)
    {
        BitcoindPath = bitcoind;
        _options = options;
        WalletName = options.WalletName;
        DataDirectory = dataDirectory;
        RpcPort = rpcPort;
        P2pPort = p2pPort;
        _root = new BitcoindRpcClient(BitcoindRpcOptions.ForLocalNode(rpcPort, dataDirectory));
        _process = new Process { StartInfo = StartInfo(bitcoind, dataDirectory, rpcPort, p2pPort, options) };
        _process.OutputDataReceived += (_, e) => _stdout.Add(e.Data);
        _process.ErrorDataReceived += (_, e) => _stderr.Add(e.Data);
    }

    private static RegtestNode Launch(string bitcoind, RegtestNodeOptions options)
    {
        string dataDirectory = Directory.CreateTempSubdirectory("microchannels-regtest-").FullName;
        var node = new RegtestNode(bitcoind, options, dataDirectory, options.PickPort(), options.PickPort());
        try
        {
            node._process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            node._root.Dispose();
            node._process.Dispose();
            DeleteDirectory(dataDirectory);
            throw new BitcoindStartException($"Could not run {bitcoind}: {e.Message}", e);
        }

        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        return node;
    }

    /// <summary>
    /// Loopback only, no peers, nothing announced: the command line that works for
    /// v25 to v31 (v31: -bind cannot be combined with -listen=0, so there is none;
    /// NAT-PMP is on by default, so -natpmp=0). -txindex lets getrawtransaction find
    /// confirmed transactions; -fallbackfee lets the wallet send on a chain without fee data.
    /// </summary>
    private static ProcessStartInfo StartInfo(string bitcoind, string dataDirectory, int rpcPort, int p2pPort, RegtestNodeOptions options)
    {
        var info = new ProcessStartInfo(bitcoind)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        string[] arguments =
        [
            "-regtest", "-daemon=0", $"-datadir={dataDirectory}", $"-rpcport={rpcPort}", $"-port={p2pPort}",
            "-rpcbind=127.0.0.1", "-rpcallowip=127.0.0.1", "-listen=0", "-natpmp=0", "-discover=0", "-listenonion=0",
            "-dnsseed=0", "-fixedseeds=0", "-connect=0", "-fallbackfee=0.0002", "-server=1", "-txindex=1",
            "-printtoconsole=0",
        ];
        foreach (string argument in arguments.Concat(options.ExtraArguments))
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        // Polls through the same Polly policy as every call, tuned for start-up:
        // a missing cookie, connection refused and -28 (warming up) are all retried.
        var startup = _root.Options with
        {
            Timeout = _options.StartTimeout,
            MaxRetries = 1000,
            BaseDelay = TimeSpan.FromMilliseconds(25),
            MaxDelay = TimeSpan.FromMilliseconds(250),
        };
        using var probe = new BitcoindRpcClient(startup);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<NetworkInfo> ready = probe.GetNetworkInfoAsync(stop.Token);
        Task exited = _process.WaitForExitAsync(stop.Token);
        if (await Task.WhenAny(ready, exited).ConfigureAwait(false) == exited && !ready.IsCompletedSuccessfully)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(ready).ConfigureAwait(false);
            _ = ready.Exception; // observed: the exit is the failure worth reporting
            throw Failure($"bitcoind exited with code {_process.ExitCode} during start-up.", null, _process.ExitCode);
        }

        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            _networkInfo = await ready.ConfigureAwait(false);
            await _root.CreateWalletAsync(WalletName, cancellationToken).ConfigureAwait(false);
            _wallet = _root.ForWallet(WalletName);
        }
        catch (BitcoindException e)
        {
            throw Failure($"bitcoind did not become ready within {_options.StartTimeout.TotalSeconds:0} s: {e.Message}", e, null);
        }
    }

    private BitcoindStartException Failure(string summary, Exception? inner, int? exitCode)
    {
        // Output events may trail the exit by a moment; WaitForExit() drains them.
        if (_process.HasExited)
        {
            _process.WaitForExit();
        }

        string debugLog = OutputTail.OfFile(Path.Combine(DataDirectory, "regtest", "debug.log"), TailLines);
        var message = new StringBuilder(summary).Append($" ({BitcoindPath}, datadir {DataDirectory}, rpc port {RpcPort})");
        Append(message, "stderr", _stderr.Text());
        Append(message, "stdout", _stdout.Text());
        Append(message, "debug.log", debugLog);
        return new BitcoindStartException(message.ToString(), inner)
        {
            ExitCode = exitCode,
            PortInUse = exitCode is not null && (debugLog + _stderr.Text()).Contains(RpcBindFailure, StringComparison.Ordinal),
        };
    }

    private static void Append(StringBuilder message, string name, string tail)
    {
        if (tail.Length > 0)
        {
            message.Append($"\n--- {name} (last lines) ---\n").Append(tail);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await StopProcessAsync().ConfigureAwait(false);
        }
        finally
        {
            _wallet?.Dispose();
            _root.Dispose();
            _process.Dispose();
            DeleteDirectory(DataDirectory);
        }
    }

    private async Task StopProcessAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        // One polite request without retries: if the node does not answer, it is killed anyway.
        using (var once = new BitcoindRpcClient(_root.Options with { MaxRetries = 0, Timeout = _options.StopTimeout }))
        {
            try
            {
                await once.StopAsync().ConfigureAwait(false);
            }
            catch (BitcoindException)
            {
                // Not answering: fall through to the kill below.
            }
        }

        using var deadline = new CancellationTokenSource(_options.StopTimeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    private static void DeleteDirectory(string path)
    {
        // bitcoind may release its files a moment after exiting; try a few times.
        for (int attempt = 0; attempt < 5 && Directory.Exists(path); attempt++)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(100 * (attempt + 1));
            }
        }
    }
}
