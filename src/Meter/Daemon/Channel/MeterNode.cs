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

/// <summary>
/// The meter's side of its one channel, hosted: opens it to the configured provider (funded
/// from the meter's own wallet, confirmed through <see cref="ChainFollower"/>), keeps a
/// connection to the provider (reconnecting with Polly's exponential backoff; the channel
/// reestablishes on each), streams payments with <see cref="PaymentStreamer"/>, which drives
/// the supply relay, force-closes when the provider stays unresponsive past
/// <see cref="MeterSettings.ForceCloseAfter"/>, and follows the chain for the channel's
/// funding output, so a revoked commitment the provider broadcasts is answered with the
/// engine's penalty.
/// </summary>
public sealed partial class MeterNode : BackgroundService, IChainEventSink
{
    /// <summary>Blocks re-read below the stored chain cursor at start, in case of a reorganisation while down.</summary>
    public const int ReorgMargin = 6;

    private const string CursorFile = "chain.cursor";
    private readonly MeterSettings _settings;
    private readonly MeterKeys _keys;
    private readonly BitcoindRpcClient _rpc;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly HashSet<TxId> _watchedTxs = [];
    private SqliteChannelStore? _channels;
    private MeterStore? _meterStore;
    private MeterHardware? _hardware;
    private SupplyRelay? _relay;
    private MeterWallet? _wallet;
    private ChainFollower? _chain;
    private ChannelRunner? _runner;
    private PaymentStreamer? _streamer;
    private TariffBook? _tariff;
    private TariffReceiver? _tariffs;
    private OutPoint? _watchedFunding;
    private volatile bool _connected;
    private long? _disconnectedSince;
    private ulong _lastAcknowledged;
    private DateTimeOffset? _lastAcknowledgedAt;
    private string _phase = "starting";

    public MeterNode(MeterSettings settings, MeterKeys keys, BitcoindRpcClient rpc, ILoggerFactory loggers, TimeProvider clock)
    {
        _settings = settings;
        _keys = keys;
        _rpc = rpc;
        _loggers = loggers;
        _logger = loggers.CreateLogger<MeterNode>();
        _clock = clock;
    }

    /// <summary>What the daemon reports (the status endpoint, <c>meterd status</c>).</summary>
    public MeterStatus Status()
    {
        var state = _runner?.State;
        var commitments = state?.CommitmentsOrNull;
        var payments = _streamer?.Status;
        var relay = _relay?.State;
        var snapshot = _hardware?.Source?.Read();
        return new MeterStatus
        {
            NodeId = _keys.NodeKey.PublicKey.ToString(),
            Provider = _settings.Provider.ToString(),
            Phase = _phase,
            Energy = new EnergyStatus
            {
                ImportWh = payments?.ImportWattHours ?? 0,
                ExportWh = payments?.ExportWattHours ?? 0,
                RegisterUnits = snapshot?.ImportUnits,
                UnitsPerKwh = snapshot?.UnitsPerKilowattHour,
                PowerWatts = snapshot?.PowerWatts,
            },
            Payments = new PaymentsStatus
            {
                OwedMsat = payments?.OwedMsat ?? 0,
                PriceMsatPerWh = _tariff?.PriceAt(_clock.GetUtcNow())?.ImportMsatPerWh,
                SentMsat = payments?.SentMsat ?? 0,
                PaidMsat = payments?.AcknowledgedMsat ?? 0,
                InFlightMsat = payments?.InFlight?.AmountMsat,
                NotPayingBecause = payments?.NotPayingBecause,
                LastAcknowledgement = _lastAcknowledgedAt,
            },
            Relay = new RelayStatus { On = relay?.On ?? false, Reason = (relay?.Reason ?? SupplyReason.NotStarted).ToString() },
            Channel = new ChannelStatus
            {
                State = state?.GetType().Name ?? "None",
                ChannelId = commitments?.ChannelId.ToHex(),
                FundingOutpoint = FundingOf(state)?.ToString(),
                Connected = _connected,
                CapacitySat = commitments is null ? null : (ulong)commitments.Parameters.FundingAmount.Value,
                BalanceMsat = commitments?.LocalCommit.Spec.ToLocal.Value,
                RemoteBalanceMsat = commitments?.LocalCommit.Spec.ToRemote.Value,
                CommittedReading = commitments?.LastLocalReading is { } r ? new ReadingStatus(r.CumulativeWh, r.PulseCount, r.Timestamp) : null,
                OnChain = state switch
                {
                    ChannelState.ClosingOnChain { Close: var close } => OnChainStatus(close),
                    ChannelState.Closed { Close: var close } => OnChainStatus(close),
                    _ => null,
                },
            },
            Wallet = _wallet is null ? null : new WalletStatus { Address = _wallet.GetAddress(0).ToString(), BalanceSat = (ulong)_wallet.Balance.Value },
            Chain = _chain?.Status is { } chain ? new ChainStatusReport { Synced = chain.Synced, Height = chain.Tip?.Height, Reachable = chain.Reachable } : null,
        };
    }

    private static OnChainCloseStatus OnChainStatus(Channels.Engine.OnChain.OnChainClose close) =>
        new(close.Kind.ToString(), close.SpendingTransaction.GetTxId().ToString(), close.Claim?.GetTxId().ToString(), (ulong)close.OurAmount.Value, close.SpendingDepth, close.ClaimDepth);

    /// <summary>Starts a cooperative close (BOLT 2 "Channel Close"): shutdown, then the fee negotiation.</summary>
    public async Task<string> CloseAsync(CancellationToken cancellationToken)
    {
        if (_runner is not { } runner || runner.State is not (ChannelState.Normal or ChannelState.ShuttingDown))
        {
            return $"nothing to close: the channel is {_runner?.State.GetType().Name ?? "not open"}";
        }

        var feerate = await ((IFeerateEstimator)new FeeEstimator(_rpc, _settings.FallbackFeerate)).EstimateFeerateAsync(6, cancellationToken).ConfigureAwait(false);
        var feerates = new ClosingFeerates(feerate, FeeratePerKw.MinimumRelay < feerate ? FeeratePerKw.MinimumRelay : feerate, new FeeratePerKw(Math.Max(feerate.Value * 4, 10_000)));
        await runner.PostAsync(new ChannelInput.CooperativeClose(null, feerates), cancellationToken).ConfigureAwait(false);
        LogClosing("cooperative close asked for");
        return "cooperative close started";
    }

    public Task DeliverAsync(OutPoint fundingOutPoint, ChannelInput input, CancellationToken cancellationToken) =>
        _runner is { } runner && FundingOf(runner.State) == fundingOutPoint ? PostQuietlyAsync(runner, input, cancellationToken) : Task.CompletedTask;

    public async Task BlockConnectedAsync(uint height, CancellationToken cancellationToken)
    {
        if (_runner is { } runner)
        {
            // A claim still unconfirmed is re-signed at the estimator's rate or the stored schedule's (issue 14).
            var pricing = runner.State is ChannelState.ClosingOnChain
                ? await new ClaimPricer(new FeeEstimator(_rpc, _settings.FallbackFeerate)).PriceAsync(cancellationToken).ConfigureAwait(false)
                : null;
            await PostQuietlyAsync(runner, new ChannelInput.BlockConnected(height, pricing), cancellationToken).ConfigureAwait(false);
        }
    }

    public Task SaveCursorAsync(ChainCursor cursor, CancellationToken cancellationToken)
    {
        string path = Path.Combine(_settings.DataDirectory, CursorFile);
        File.WriteAllText(path + ".tmp", $"{cursor.Height} {cursor.Hash}");
        File.Move(path + ".tmp", path, overwrite: true);
        return Task.CompletedTask;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_chain is not null)
        {
            await _chain.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        _chain?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _channels = SqliteChannelStore.Open(new SqliteChannelStoreOptions(Path.Combine(_settings.DataDirectory, "channels.db")));
        _meterStore = MeterStore.Open(Path.Combine(_settings.DataDirectory, "meter.db"));
        _hardware = MeterHardware.OpenRelay(_settings);
        _relay = new SupplyRelay(_hardware.Relay, _loggers.CreateLogger<SupplyRelay>());
        _wallet = new MeterWallet(_keys.WalletSeed, _settings.Network);
        _tariff = new TariffBook(_settings.TariffCeilingMsatPerWh, _loggers.CreateLogger<TariffBook>());
        _tariffs = new TariffReceiver(_tariff, _meterStore, _loggers.CreateLogger<TariffReceiver>());
        _tariffs.Restore(_settings.Tariff);
        try
        {
            var (counter, runner) = await LoadChannelAsync(stoppingToken).ConfigureAwait(false);
            _chain = new ChainFollower(_rpc, this, new ChainFollowerOptions { PollInterval = _settings.ChainPollInterval, StartHeight = StartHeight }, _loggers.CreateLogger<ChainFollower>());
            await _chain.StartAsync(stoppingToken).ConfigureAwait(false);
            runner ??= await OpenChannelAsync(counter, stoppingToken).ConfigureAwait(false);
            _runner = runner;
            Watch(runner.State);
            var connection = Task.Run(() => ConnectLoopAsync(runner, stoppingToken), CancellationToken.None);
            try
            {
                if (runner.State is ChannelState.Opening)
                {
                    await AwaitOpenAsync(runner, stoppingToken).ConfigureAwait(false);
                }

                if (runner.State is ChannelState.Normal or ChannelState.ShuttingDown or ChannelState.Negotiating)
                {
                    await StreamAsync(runner, stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    _phase = "closed";
                    LogClosing($"the channel is {runner.State.GetType().Name}: nothing to stream");
                    await SuperviseClosedAsync(runner, stoppingToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _relay.Apply(SupplyDecision.Off(SupplyReason.DaemonStopping));
                await connection.ConfigureAwait(false);
                await runner.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            _relay.Dispose();
            await _hardware.DisposeAsync().ConfigureAwait(false);
            _meterStore.Dispose();
            await _channels.DisposeAsync().ConfigureAwait(false);
            _wallet.Dispose();
        }
    }

    /// <summary>The channel in the store that is not closed yet (the meter has one at a time), and the counter for a new one.</summary>
    private async Task<(ulong Counter, ChannelRunner? Runner)> LoadChannelAsync(CancellationToken cancellationToken)
    {
        ulong counter = 0;
        ChannelRecord? current = null;
        ChannelState? currentState = null;
        await foreach (var record in _channels!.LoadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            ulong recordCounter = PeerChannelSigners.Counter(record.ChannelId.ToArray()) ?? 0;
            counter = Math.Max(counter, recordCounter + 1);
            var state = ChannelStateCodec.Decode(record.State.Span);
            if (current is null || recordCounter >= (PeerChannelSigners.Counter(current.ChannelId.ToArray()) ?? 0))
            {
                current = record;
                currentState = state;
            }
        }

        if (current is null || currentState is null or ChannelState.OpeningAborted)
        {
            return (counter, null);
        }

        ulong channelCounter = PeerChannelSigners.Counter(current.ChannelId.ToArray()) ?? 0;
        var signer = Signer(channelCounter, currentState.HighestRevokedLocalCommitment);
        LogResumed(currentState.GetType().Name, currentState.ChannelId.ToHex());
        return (counter, new ChannelRunner(currentState, current.Version, signer, _channels, new Settlement.Broadcasting.BitcoindTransactionBroadcaster(_rpc), fundingWallet: new MeterFundingWallet(_wallet!), storeKey: current.ChannelId));
    }

    private IChannelSigner Signer(ulong counter, ulong? highestRevoked) =>
        PeerChannelSigners.FromNodeSeed(_keys.ChannelSeed)(_settings.Provider.NodeId, PeerChannelSigners.Nonce(counter), highestRevoked);

    /// <summary>Waits for the wallet to hold enough, then starts the opening (BOLT 2 "Channel Establishment v1") as funder.</summary>
    private async Task<ChannelRunner> OpenChannelAsync(ulong counter, CancellationToken cancellationToken)
    {
        _phase = "funding";
        var needed = _settings.FundingAmount + new Satoshis(10_000);
        bool told = false;
        while (true)
        {
            _wallet!.ClearCoins();
            await _wallet.RescanAsync(_rpc, 0, cancellationToken).ConfigureAwait(false);
            if (_wallet.Balance >= needed)
            {
                break;
            }

            if (!told)
            {
                LogFundMe(needed.Value, _wallet.GetAddress(0).ToString(), _wallet.Balance.Value);
                told = true;
            }

            await Task.Delay(_settings.ChainPollInterval, _clock, cancellationToken).ConfigureAwait(false);
        }

        _phase = "opening";
        var feerate = await ((IFeerateEstimator)new FeeEstimator(_rpc, _settings.FallbackFeerate)).EstimateFeerateAsync(6, cancellationToken).ConfigureAwait(false);
        var signer = Signer(counter, null);
        using var readingKey = _keys.ReadingKey();
        var policy = ChannelAcceptancePolicy.Default with { ChainHash = _settings.ChainHash };
        var start = ChannelStateMachine.Open(new ChannelId(RandomNumberGenerator.GetBytes(32)), _settings.FundingAmount, MilliSatoshis.Zero, feerate, readingKey.PublicKey, signer, policy);
        LogOpening(_settings.FundingAmount.Value, _settings.Provider.ToString(), feerate.Value);
        return new ChannelRunner(start, 0, signer, _channels!, new Settlement.Broadcasting.BitcoindTransactionBroadcaster(_rpc), WatchBeforeBroadcast, new MeterFundingWallet(_wallet), storeKey: new ChannelKey(PeerChannelSigners.Nonce(counter)));
    }

    /// <summary>
    /// The monitor examines only blocks connected after a watch is set (ChannelChainMonitor.WatchChannel
    /// is to be called before the funding transaction is broadcast), and the engine asks for the watch
    /// after the broadcast: so the funding output is watched here, just before the broadcast,
    /// from the stored opening that names it.
    /// </summary>
    private ValueTask WatchBeforeBroadcast(ChannelAction action, bool performed)
    {
        if (!performed && action is ChannelAction.BroadcastTransaction && _runner is { } runner)
        {
            Watch(runner.State);
        }

        return default;
    }

    /// <summary>Reads the runner's events until the funding is deep enough and the channel is open.</summary>
    private async Task AwaitOpenAsync(ChannelRunner runner, CancellationToken cancellationToken)
    {
        _phase = "opening";
        await foreach (var action in runner.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            switch (action)
            {
                case ChannelAction.WatchFunding watch:
                    LogFunded(watch.FundingOutPoint.ToString(), watch.MinimumDepth);
                    Watch(runner.State);
                    break;
                case ChannelAction.ChannelEstablished established:
                    LogOpen(established.ChannelId.ToHex(), established.FundingOutPoint.ToString());
                    return;
                case ChannelAction.ChannelFailed failed:
                    LogClosing($"the opening failed: {failed.Reason.Message}");
                    break;
                case ChannelAction.BroadcastFailed failed:
                    LogClosing($"broadcast of {failed.Transaction.GetTxId()} failed: {failed.Error}");
                    break;
            }

            if (runner.State is ChannelState.Normal)
            {
                return;
            }

            if (runner.State is ChannelState.OpeningAborted aborted)
            {
                throw new InvalidOperationException($"The opening was aborted: {aborted.Reason}");
            }
        }
    }

    private async Task StreamAsync(ChannelRunner runner, CancellationToken cancellationToken)
    {
        _phase = "streaming";
        var source = _hardware!.StartSource(_settings, _meterStore!, _clock);
        var signer = new MeterReadingSigner(_keys.ReadingKey(), _meterStore!.Load()?.LastReading?.Reading);
        using (signer)
        {
            _streamer = PaymentStreamer.Resume(source, _tariff!, _meterStore, signer, runner, _settings.Payments with { ChainHash = _settings.ChainHash, ProviderNodeId = new Point(_settings.Provider.NodeId.AsSpan()) }, _clock, _loggers.CreateLogger<PaymentStreamer>(), _relay);
            _tariffs!.Streamer = _streamer;
            _lastAcknowledged = _streamer.Status.AcknowledgedMsat;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var streaming = _streamer.RunAsync(stop.Token);
            try
            {
                await SuperviseAsync(runner, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopping.
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await streaming.ConfigureAwait(false);
            }
        }
    }

    private async Task PostQuietlyAsync(ChannelRunner runner, ChannelInput input, CancellationToken cancellationToken)
    {
        try
        {
            await runner.PostAsync(input, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // The runner stopped (its event said why); the next start resumes from the store.
        }
    }
}
