using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Addresses;
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
    // Spending a coinbase needs 100 confirmations (consensus COINBASE_MATURITY), so
    // mining 101 blocks to ourselves makes the first one spendable.
    private const int CoinbaseMaturity = 100;

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
    public async Task<ImmutableArray<BlockHash>> MineAsync(int blocks, string? address = null, CancellationToken cancellationToken = default)
    {
        address ??= (await Rpc.GetNewAddressAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).ToString();
        return await Rpc.GenerateToAddressAsync(blocks, address, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Pays <paramref name="amount"/> to <paramref name="address"/> from the harness
    /// wallet (mining to it first if it lacks mature coins) and confirms the payment
    /// in one block. Returns the funded output.
    /// </summary>
    public async Task<OutPoint> FundAddressAsync(string address, Satoshis amount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        byte[] script = BitcoinAddress.ToScriptPubKey(address, Network.Regtest);

        // Room for the wallet's fee at -fallbackfee on top of the amount.
        Satoshis needed = amount + new Satoshis(1_000_000);
        for (int round = 0; await Rpc.GetBalanceAsync(cancellationToken).ConfigureAwait(false) < needed; round++)
        {
            if (round == 20)
            {
                throw new InvalidOperationException($"The harness wallet could not mine {needed} of mature coins.");
            }

            int height = await Rpc.GetBlockCountAsync(cancellationToken).ConfigureAwait(false);
            await MineAsync(height < CoinbaseMaturity + 1 ? CoinbaseMaturity + 1 : 10, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        TxId txId = await Rpc.SendToAddressAsync(address, amount, cancellationToken).ConfigureAwait(false);
        await MineAsync(1, cancellationToken: cancellationToken).ConfigureAwait(false);
        Transaction funding = await Rpc.GetRawTransactionAsync(txId, cancellationToken: cancellationToken).ConfigureAwait(false);
        for (int index = 0; index < funding.Outputs.Length; index++)
        {
            TxOut output = funding.Outputs[index];
            if (output.Value == amount && output.ScriptPubKey.AsSpan().SequenceEqual(script))
            {
                return new OutPoint(txId, (uint)index);
            }
        }

        throw new InvalidOperationException($"Transaction {txId} has no output of {amount} to {address}.");
    }
}
