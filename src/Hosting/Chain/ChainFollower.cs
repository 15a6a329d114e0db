using System.Collections.Concurrent;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Monitoring;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Watching;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Microchannels.Hosting.Chain;

/// <summary>
/// The host's chain loop: Settlement's <see cref="ChannelChainMonitor"/> against bitcoind,
/// its events turned into engine inputs (<see cref="ChainEventInputs"/>) and delivered
/// through an <see cref="IChainEventSink"/>: every funding's confirmations, every spend of
/// a funding output, every reorganisation, and every new block. While bitcoind is down the
/// loop retries (Polly, exponential backoff) and reports itself unreachable; when it comes
/// back, the monitor connects every block it missed, in order, before <see cref="ChainStatus.Synced"/>
/// holds again. Channels keep running off-chain meanwhile.
/// </summary>
public sealed partial class ChainFollower : BackgroundService
{
    private readonly BitcoindRpcClient _rpc;
    private readonly IChainEventSink _sink;
    private readonly ChainFollowerOptions _options;
    private readonly ILogger<ChainFollower> _logger;
    private readonly ConcurrentQueue<WatchRequest> _requests = new();
    private readonly List<WatchRequest> _watches = [];
    private readonly ChainEventInputs _inputs;
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private ChannelChainMonitor? _monitor;
    private ChainStatus _status = ChainStatus.Starting;
    private int _lastBlockDelivered = -1;

    public ChainFollower(BitcoindRpcClient rpc, IChainEventSink sink, ChainFollowerOptions options, ILogger<ChainFollower> logger)
    {
        _rpc = rpc ?? throw new ArgumentNullException(nameof(rpc));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _inputs = new ChainEventInputs(FetchConfirmedAsync);
    }

    /// <summary>The chain as known now.</summary>
    public ChainStatus Status => Volatile.Read(ref _status);

    /// <summary>Follows the channel funded at <paramref name="fundingOutPoint"/> (from the next block the follower connects on).</summary>
    public void WatchChannel(OutPoint fundingOutPoint) => Enqueue(new WatchRequest(fundingOutPoint, null));

    /// <summary>Reports the confirmations of <paramref name="txId"/>, broadcast by the channel funded at <paramref name="fundingOutPoint"/>.</summary>
    public void WatchTransaction(OutPoint fundingOutPoint, TxId txId) => Enqueue(new WatchRequest(fundingOutPoint, txId));

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            // Anything but our own stopping: bitcoind down, restarting, answering nonsense.
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException || !stoppingToken.IsCancellationRequested),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _options.RetryBaseDelay,
            MaxDelay = _options.RetryMaxDelay,
            OnRetry = args =>
            {
                Unreachable(args.Outcome.Exception, args.RetryDelay);
                return default;
            },
        }).Build();

        try
        {
            await retry.ExecuteAsync(FollowAsync, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async ValueTask FollowAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await SyncOnceAsync(stoppingToken).ConfigureAwait(false);
            await _wake.WaitAsync(_options.PollInterval, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>One round: connect every block up to bitcoind's best, deliver their events, then the new tip.</summary>
    private async Task SyncOnceAsync(CancellationToken cancellationToken)
    {
        if (_monitor is null)
        {
            var info = await _rpc.GetBlockchainInfoAsync(cancellationToken).ConfigureAwait(false);
            int start = Math.Clamp(_options.StartHeight(info.Blocks), 0, info.Blocks + 1);
            _monitor = new ChannelChainMonitor(new BitcoindBlockSource(_rpc), start);
            Volatile.Write(ref _status, Status with { Network = info.Chain });
            LogStarting(start, info.Chain, info.Blocks);
        }

        // Watches asked for during a long catch-up apply before the next block, not the next round:
        // a funding mined within the catch-up would otherwise be passed unseen and never confirm.
        var monitor = _monitor;
        ApplyWatches(monitor);
        var events = await monitor.PollAsync(() => ApplyWatches(monitor), cancellationToken).ConfigureAwait(false);
        foreach (var chainEvent in events)
        {
            if (await _inputs.ToInputAsync(chainEvent).ConfigureAwait(false) is { } input)
            {
                LogDelivering(chainEvent.FundingOutPoint.ToString(), input.GetType().Name);
                await _sink.DeliverAsync(chainEvent.FundingOutPoint, input, cancellationToken).ConfigureAwait(false);
            }
        }

        var cursor = _monitor.Watcher.Chain.Tip is { } tip ? new ChainCursor(tip.Height, tip.Hash) : null;
        if (cursor is not null && cursor.Height != _lastBlockDelivered)
        {
            await _sink.BlockConnectedAsync(checked((uint)cursor.Height), cancellationToken).ConfigureAwait(false);
            _lastBlockDelivered = cursor.Height;
        }

        // Synced only when nothing is left to connect: the tip is bitcoind's best right now.
        var best = await _rpc.GetBestBlockHashAsync(cancellationToken).ConfigureAwait(false);
        if (cursor is not null && cursor.Hash == best)
        {
            await _sink.SaveCursorAsync(cursor, cancellationToken).ConfigureAwait(false);
        }

        bool synced = cursor is not null && cursor.Hash == best;

        var before = Status;
        Volatile.Write(ref _status, before with { Reachable = true, Synced = synced, Tip = cursor, LastError = null });
        if (!before.Reachable)
        {
            LogReachable(cursor?.Height ?? -1);
        }

        if (!synced)
        {
            // More blocks arrived meanwhile: go again at once.
            _wake.Release();
        }
    }

    private void ApplyWatches(ChannelChainMonitor monitor)
    {
        if (_watches.Count > 0 && monitor.Watcher.Chain.Tip is null)
        {
            // A new monitor (first round): every watch so far applies to it.
            foreach (var watch in _watches)
            {
                Apply(monitor, watch);
            }
        }

        while (_requests.TryDequeue(out var request))
        {
            _watches.Add(request);
            Apply(monitor, request);
        }
    }

    private void Apply(ChannelChainMonitor monitor, WatchRequest request)
    {
        if (request.TxId is { } txId)
        {
            if (!_watches.Any(w => w.TxId is null && w.FundingOutPoint == request.FundingOutPoint))
            {
                monitor.WatchChannel(request.FundingOutPoint);
            }

            monitor.WatchTransaction(request.FundingOutPoint, txId);
        }
        else
        {
            monitor.WatchChannel(request.FundingOutPoint);
        }
    }

    private void Enqueue(WatchRequest request)
    {
        _requests.Enqueue(request);
        try
        {
            _wake.Release();
        }
        catch (ObjectDisposedException)
        {
            // Stopped: nothing follows the chain any more.
        }
    }

    private void Unreachable(Exception? fault, TimeSpan retryIn)
    {
        string error = fault switch
        {
            null => "unknown failure",
            BitcoindException b => b.Message,
            _ => $"{fault.GetType().Name}: {fault.Message}",
        };
        Volatile.Write(ref _status, Status with { Reachable = false, Synced = false, LastError = error });
        LogUnreachable(error, retryIn.TotalSeconds);
    }

    private async Task<Transaction> FetchConfirmedAsync(ChannelChainEvent.TransactionConfirmed confirmed)
    {
        var block = await _rpc.GetBlockHashAsync(confirmed.Height).ConfigureAwait(false);
        return await _rpc.GetRawTransactionAsync(confirmed.TxId, block).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Following {Network} from height {Start} (bitcoind at {Blocks})")]
    private partial void LogStarting(int start, string network, int blocks);

    [LoggerMessage(Level = LogLevel.Information, Message = "bitcoind reachable; processed up to height {Height}")]
    private partial void LogReachable(int height);

    [LoggerMessage(Level = LogLevel.Warning, Message = "bitcoind unreachable ({Error}); channels keep running off-chain; retrying in {Seconds:F1} s")]
    private partial void LogUnreachable(string error, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Chain event for funding {FundingOutPoint}: {Input}")]
    private partial void LogDelivering(string fundingOutPoint, string input);

    private sealed record WatchRequest(OutPoint FundingOutPoint, TxId? TxId);
}
