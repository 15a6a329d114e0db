using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Settlement.Watching;

/// <summary>
/// Follows bitcoind's best chain by polling (no ZMQ). Each <see cref="PollAsync"/>
/// compares the stored block hash at each height, tip downwards, with the
/// source's, disconnecting ours until they agree (the fork point), then connects
/// the source's blocks above it one by one, each checked to build on the last.
/// Reports go to the <see cref="IChainListener"/>. Not thread-safe: poll from one loop.
/// </summary>
public sealed class ChainWatcher
{
    private readonly IBlockSource _source;
    private readonly IChainListener _listener;

    /// <param name="startHeight">The first height examined, usually the tip when the watches were set up.</param>
    public ChainWatcher(IBlockSource source, int startHeight, IChainListener listener)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _listener = listener ?? throw new ArgumentNullException(nameof(listener));
        Chain = new WatchedChain(startHeight);
    }

    /// <summary>The bookkeeping: the view of the chain, depths and spends.</summary>
    public WatchedChain Chain { get; }

    public void WatchTransaction(TxId txId) => Chain.WatchTransaction(txId);

    public void WatchOutPoint(OutPoint outPoint) => Chain.WatchOutPoint(outPoint);

    /// <summary>One step: brings the view to the source's best chain. Returns how many blocks were disconnected and connected.</summary>
    public Task<(int Disconnected, int Connected)> PollAsync(CancellationToken cancellationToken = default) => PollAsync(null, cancellationToken);

    /// <summary>
    /// One step, calling <paramref name="beforeEachBlock"/> before each block is connected: a
    /// watch requested while a long catch-up runs then sees the very next block, not only the
    /// next poll's (a funding mined in that catch-up would otherwise never be reported).
    /// </summary>
    public async Task<(int Disconnected, int Connected)> PollAsync(Action? beforeEachBlock, CancellationToken cancellationToken = default)
    {
        var best = await _source.GetBestBlockHashAsync(cancellationToken).ConfigureAwait(false);
        if (Chain.Tip is { } tip && tip.Hash == best)
        {
            return (0, 0);
        }

        int disconnected = 0;
        while (Chain.Tip is { } ours)
        {
            var theirs = await _source.GetBlockHashAsync(ours.Height, cancellationToken).ConfigureAwait(false);
            if (theirs == ours.Hash)
            {
                break;
            }

            Chain.DisconnectTip(_listener);
            disconnected++;
        }

        int connected = 0;
        while (await _source.GetBlockHashAsync(Chain.NextHeight, cancellationToken).ConfigureAwait(false) is { } hash)
        {
            SourceBlock block = await _source.GetBlockAsync(hash, cancellationToken).ConfigureAwait(false);

            // The source reorganised between our calls; the next poll finds the new fork point.
            if (Chain.Tip is { } parent && block.PreviousBlockHash != parent.Hash)
            {
                break;
            }

            beforeEachBlock?.Invoke();
            Chain.Connect(block, _listener);
            connected++;
        }

        return (disconnected, connected);
    }

    /// <summary>Polls every <paramref name="interval"/> until cancelled; transient bitcoind faults are retried by the RPC client's policy.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            await PollAsync(cancellationToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }
}
