using System.Security.Cryptography;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Chain;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Store;
using Microchannels.Channels.Wire;
using Microchannels.Hosting.Chain;
using Microchannels.Meter.Accounting;
using Microchannels.Meter.Daemon.Configuration;
using Microchannels.Meter.Daemon.Secrets;
using Microchannels.Meter.Daemon.Sources;
using Microchannels.Meter.Daemon.Status;
using Microchannels.Meter.Relay;
using Microchannels.Meter.Storage;
using Microchannels.Meter.Streaming;
using Microchannels.Settlement.Fees;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Wallet;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Microchannels.Meter.Daemon.Channel;

// MeterNode: The provider connection: supervising acknowledgements and the force-close rule, and reconnecting with backoff.
public sealed partial class MeterNode
{
    /// <summary>Once a second: acknowledgements, the chain watches a close needs, and the force-close rule.</summary>
    private async Task SuperviseAsync(ChannelRunner runner, CancellationToken cancellationToken)
    {
        bool forceClosed = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), _clock, cancellationToken).ConfigureAwait(false);
            var status = _streamer!.Status;
            if (status.AcknowledgedMsat != _lastAcknowledged)
            {
                _lastAcknowledged = status.AcknowledgedMsat;
                _lastAcknowledgedAt = _clock.GetUtcNow();
            }

            var state = runner.State;
            Watch(state);
            _phase = state switch
            {
                ChannelState.Normal => "streaming",
                ChannelState.ShuttingDown or ChannelState.Negotiating => "closing",
                ChannelState.MutualClose or ChannelState.ForceClosing or ChannelState.ClosingOnChain or ChannelState.WaitingForRemoteClose => "closing on chain",
                ChannelState.Closed => "closed",
                _ => _phase,
            };

            if (forceClosed || state is not ChannelState.Normal)
            {
                continue;
            }

            string? why = status.InFlight is { } f && _clock.GetElapsedTime(f.PostedAt) > _settings.ForceCloseAfter
                ? $"the provider left a transfer unacknowledged for more than {_settings.ForceCloseAfter.TotalSeconds:0} s"
                : _disconnectedSince is { } since && _clock.GetElapsedTime(since) > _settings.ForceCloseAfter
                    ? $"the provider was unreachable for more than {_settings.ForceCloseAfter.TotalSeconds:0} s"
                    : null;
            if (why is not null)
            {
                LogForceClosing(why);
                await runner.PostAsync(new ChannelInput.ForceClose(why), cancellationToken).ConfigureAwait(false);
                forceClosed = true;
            }
        }
    }

    private async Task SuperviseClosedAsync(ChannelRunner runner, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Watch(runner.State);
            await Task.Delay(TimeSpan.FromSeconds(1), _clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Connects to the provider and reattaches after every drop, with exponential backoff between failed attempts.</summary>
    private async Task ConnectLoopAsync(ChannelRunner runner, CancellationToken stoppingToken)
    {
        _disconnectedSince = _clock.GetTimestamp();
        var retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => !stoppingToken.IsCancellationRequested && e is not ChannelRunnerStoppedException),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _settings.ReconnectBaseDelay,
            MaxDelay = _settings.ReconnectMaxDelay,
            OnRetry = args =>
            {
                LogUnreachable(_settings.Provider.ToString(), args.Outcome.Exception?.Message ?? "", args.RetryDelay.TotalMilliseconds);
                return default;
            },
        }).Build();
        try
        {
            while (!stoppingToken.IsCancellationRequested && runner.State is not (ChannelState.Closed or ChannelState.OpeningAborted))
            {
                var peer = await retry.ExecuteAsync(async ct => await ConnectOnceAsync(runner, ct).ConfigureAwait(false), stoppingToken).ConfigureAwait(false);
                _connected = true;
                _disconnectedSince = null;
                LogConnected(_settings.Provider.ToString());
                await peer.Closed.WaitAsync(stoppingToken).ConfigureAwait(false);
                _connected = false;
                _disconnectedSince = _clock.GetTimestamp();
                LogDisconnected(_settings.Provider.ToString());
                await Task.Delay(_settings.ReconnectBaseDelay, _clock, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (ChannelRunnerStoppedException e)
        {
            LogRunnerStopped(e.Message);
        }
    }

    /// <summary>The provider's tariff_update: stored, then in force (or refused above the ceiling); a bad one changes nothing.</summary>
    private void OnTariff(TariffUpdate message)
    {
        if (_tariffs is not { } tariffs || _runner is not { } runner)
        {
            return;
        }

        try
        {
            tariffs.Receive(message, runner.State.ChannelId);
        }
        catch (Exception e) when (e is TariffChannelMismatchException or InvalidTariffException)
        {
            LogTariffIgnored(e.Message);
        }
    }

    private async Task<ObservedPeer> ConnectOnceAsync(ChannelRunner runner, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var endPoint = await _settings.Provider.ResolveAsync(timeout.Token).ConfigureAwait(false);
        var connection = await NoisePeerConnection.ConnectAsync(endPoint, _keys.NodeKey, _settings.Provider.NodeId, cancellationToken: timeout.Token).ConfigureAwait(false);
        var peer = new ObservedPeer(connection, OnTariff);
        await runner.AttachAsync(peer, cancellationToken).ConfigureAwait(false);
        return peer;
    }
}
