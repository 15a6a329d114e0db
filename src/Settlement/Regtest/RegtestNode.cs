using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Rpc;

namespace Microchannels.Settlement.Regtest;

/// <summary>
/// A throw-away bitcoind in regtest mode for tests and developers (DESIGN.md
/// decision 7): its own temporary data directory, free loopback ports, no peers,
/// a descriptor wallet, <c>-txindex</c>. Dispose it (await using) to stop the
/// node (RPC <c>stop</c>, then kill) and delete its data directory, whatever
/// happened in between.
/// </summary>
public sealed partial class RegtestNode : IAsyncDisposable
{
    /// <summary>
    /// Where bitcoind is: <c>BITCOIND_EXE</c>, else PATH. On failure
    /// <paramref name="reason"/> is "bitcoind not found: set BITCOIND_EXE or put bitcoind on PATH".
    /// </summary>
    public static bool TryLocate([NotNullWhen(true)] out string? path, out string reason) =>
        BitcoindLocator.TryLocate(
            Environment.GetEnvironmentVariable(BitcoindLocator.EnvironmentVariable),
            Environment.GetEnvironmentVariable("PATH"),
            out path,
            out reason);

    /// <summary>The data directory, deleted on dispose.</summary>
    public string DataDirectory { get; }

    public int RpcPort { get; }

    public int P2pPort { get; }

    public string BitcoindPath { get; }

    /// <summary>A client for the harness wallet's endpoint; node calls work there too.</summary>
    public BitcoindRpcClient Rpc => _wallet ?? throw new InvalidOperationException("The node has not finished starting.");

    public string WalletName { get; }

    /// <summary>What the running node reports: <c>getnetworkinfo</c>'s version and subversion ("/Satoshi:31.0.0/").</summary>
    public NetworkInfo NetworkInfo => _networkInfo ?? throw new InvalidOperationException("The node has not finished starting.");

    /// <summary>How many starts it took (more than 1 when a chosen port was taken).</summary>
    public int StartAttempts { get; private set; } = 1;

    public int ProcessId => _process.Id;

    /// <summary>True once bitcoind has exited; always true after dispose, which waits for (or forces) the exit.</summary>
    public bool HasExited => Volatile.Read(ref _disposed) == 1 || _process.HasExited;

    /// <summary>Starts bitcoind and waits until its wallet is ready. Throws <see cref="BitcoindStartException"/>.</summary>
    public static async Task<RegtestNode> StartAsync(RegtestNodeOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RegtestNodeOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PortAttempts, 1);
        string bitcoind = options.BitcoindPath
            ?? (TryLocate(out string? found, out string reason) ? found : throw new BitcoindStartException(reason));

        for (int attempt = 1; ; attempt++)
        {
            RegtestNode node = Launch(bitcoind, options);
            try
            {
                await node.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
                node.StartAttempts = attempt;
                return node;
            }
            catch (BitcoindStartException e) when (e.PortInUse && attempt < options.PortAttempts)
            {
                await node.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await node.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>Mines <paramref name="blocks"/> blocks, paying to <paramref name="address"/> or else to a new wallet address.</summary>
    public Task<ImmutableArray<BlockHash>> MineAsync(int blocks, string? address = null, CancellationToken cancellationToken = default) =>
        RegtestFunding.MineAsync(Rpc, blocks, address, cancellationToken);

    /// <summary>
    /// Pays <paramref name="amount"/> to <paramref name="address"/> from the harness
    /// wallet (mining to it first if it lacks mature coins) and confirms the payment
    /// in one block. Returns the funded output.
    /// </summary>
    public Task<OutPoint> FundAddressAsync(string address, Satoshis amount, CancellationToken cancellationToken = default) =>
        RegtestFunding.FundAddressAsync(Rpc, address, amount, cancellationToken);
}
