using System.Security.Cryptography;
using NBitcoin;
using Microchannels.EmbeddedChain.Chain;
using Microchannels.EmbeddedChain.Rpc;

namespace Microchannels.EmbeddedChain.Hosting;

/// <summary>
/// A SIMULATED bitcoind regtest node, for development and CI where no bitcoind exists: it
/// serves the JSON-RPC subset Microchannels uses on 127.0.0.1, with the same authentication
/// (a <c>regtest/.cookie</c> file or -rpcuser/-rpcpassword), and checks every transaction with
/// NBitcoin. Hosted in process by tests, or run as <c>Microchannels.EmbeddedChain</c>.
/// Dispose it to stop serving and delete the cookie.
/// </summary>
public sealed class EmbeddedChainHost : IAsyncDisposable
{
    /// <summary>The line every start prints, so nobody mistakes it for bitcoind.</summary>
    public const string Banner =
        "SIMULATED regtest chain (Microchannels embedded chain, transactions checked by NBitcoin): for development and tests only, not bitcoind, no network.";

    private readonly RpcHttpServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task? _miner;
    private int _disposed;

    private EmbeddedChainHost(EmbeddedChainOptions options, EmbeddedNode node, RpcHttpServer server, string? cookieFile, RpcDispatcher dispatcher)
    {
        Options = options;
        Node = node;
        _server = server;
        CookieFilePath = cookieFile;
        Dispatcher = dispatcher;
        if (options.BlockInterval is { } interval)
        {
            // The timer starts here, before Start returns, not when the task first runs: the first
            // block is due one interval after start on the configured clock, whatever the scheduler does.
            var timer = new PeriodicTimer(interval, options.Time);
            _miner = Task.Run(() => MineOnTimerAsync(timer, _stop.Token));
        }
    }

    public EmbeddedChainOptions Options { get; }

    /// <summary>The chain itself, for tests that steer it in process.</summary>
    public EmbeddedNode Node { get; }

    public RpcDispatcher Dispatcher { get; }

    public int RpcPort => _server.Port;

    public Uri Endpoint => new($"http://127.0.0.1:{RpcPort}/");

    public string DataDirectory => Options.DataDirectory;

    /// <summary><c>&lt;datadir&gt;/regtest/.cookie</c>, or null when a user and password were given.</summary>
    public string? CookieFilePath { get; }

    /// <summary>Completes when the <c>stop</c> RPC was called or the host was disposed.</summary>
    public Task Stopped => _stopped.Task;

    public static EmbeddedChainHost Start(EmbeddedChainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.DataDirectory);
        string chainDirectory = Path.Combine(options.DataDirectory, "regtest");
        Directory.CreateDirectory(chainDirectory);

        var node = new EmbeddedNode(options.Policy, options.Time, options.Persist ? new ChainStore(chainDirectory) : null)
        {
            FeeRateEstimate = options.FeeRateEstimate,
        };

        string? cookieFile = null;
        string credential;
        if (options.RpcPassword is null)
        {
            // httprpc.cpp GenerateAuthCookie: "__cookie__:" and 32 random bytes in hex, owner-only.
            cookieFile = Path.Combine(chainDirectory, ".cookie");
            credential = "__cookie__:" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            File.WriteAllText(cookieFile, credential);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(cookieFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        else
        {
            credential = $"{options.RpcUser ?? string.Empty}:{options.RpcPassword}";
        }

        EmbeddedChainHost? host = null;
        var dispatcher = new RpcDispatcher(node, options.Persist ? Path.Combine(chainDirectory, "wallets") : null, () => host?.RequestStop());
        dispatcher.LoadStoredWallets();
        RpcHttpServer server = RpcHttpServer.Start(options.RpcPort, dispatcher, [credential]);
        host = new EmbeddedChainHost(options, node, server, cookieFile, dispatcher);
        return host;
    }

    /// <summary>Ends <see cref="Stopped"/>; the owner then disposes the host.</summary>
    public void RequestStop()
    {
        _stopped.TrySetResult();
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        RequestStop();
        if (_miner is not null)
        {
            await _miner.ConfigureAwait(false);
        }

        await _server.DisposeAsync().ConfigureAwait(false);
        if (CookieFilePath is not null)
        {
            File.Delete(CookieFilePath);
        }

        _stop.Dispose();
    }

    private async Task MineOnTimerAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        Script payTo = new Key().PubKey.GetScriptPubKey(ScriptPubKeyType.Segwit);
        using var owned = timer;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Node.Generate(1, payTo);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
