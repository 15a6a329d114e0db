using Microchannels.Channels;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Wire;
using Microchannels.Meter.Accounting;
using Microchannels.Meter.Relay;
using Microchannels.Meter.Sources;
using Microchannels.Meter.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microchannels.Meter.Streaming;

/// <summary>
/// Pays for energy as it flows (issue 11, "Payment streamer"): every interval it reads the
/// source, prices the energy since the last interval into the ledger, and sends ONE transfer
/// for what is due, carrying the reading it signed. Ledger, money sent, signed reading and
/// the transfer are stored in one transaction BEFORE the channel sees the transfer
/// (DESIGN.md decision 4 applied to the meter), and at most one transfer is in flight.
/// <para>
/// After a crash it never trusts its own record of what was paid: the channel store's last
/// reading covered by our signature (<c>Commitments.LastLocalReading</c>) says which transfer
/// was really committed, and the meter's transfer table gives the total paid through it.
/// Energy of a transfer that never reached a signature is paid again with the next interval,
/// under a new reading; a transfer that was committed is never paid again, whether or not the
/// runner reported it before the crash.
/// </para>
/// The streamer is the only reader of <see cref="ChannelRunner.Events"/>.
/// </summary>
public sealed partial class PaymentStreamer
{
    private readonly IMeterSource _source;
    private readonly TariffBook _tariff;
    private readonly MeterStore _store;
    private readonly MeterReadingSigner _signer;
    private readonly ChannelRunner _runner;
    private readonly PaymentStreamerOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly SupplyRelay? _relay;
    private readonly Lock _gate = new();
    private readonly MeterReading? _reconciledThrough;
    private MeterRecord _record;
    private InFlightTransfer? _inFlight;
    private ulong _acknowledged;
    private ulong _received;
    private ulong _lastIntervalMsat;
    private bool _stopping;

    private PaymentStreamer(
        IMeterSource source,
        TariffBook tariff,
        MeterStore store,
        MeterReadingSigner signer,
        ChannelRunner runner,
        PaymentStreamerOptions options,
        TimeProvider clock,
        ILogger logger,
        SupplyRelay? relay,
        MeterRecord record,
        MeterReading? reconciledThrough)
    {
        _source = source;
        _tariff = tariff;
        _store = store;
        _signer = signer;
        _runner = runner;
        _options = options;
        _clock = clock;
        _logger = logger;
        _relay = relay;
        _record = record;
        _reconciledThrough = reconciledThrough;
        _acknowledged = record.SentMsat;
    }

    /// <summary>
    /// Starts streaming on <paramref name="runner"/>'s channel from what <paramref name="store"/>
    /// holds, reconciled with the channel's stored state. <paramref name="signer"/> must have been
    /// built with the store's <see cref="MeterRecord.LastReading"/> so readings keep moving forward.
    /// </summary>
    /// <exception cref="ChannelReadingUnknownException">The channel paid a reading the meter never sent.</exception>
    public static PaymentStreamer Resume(
        IMeterSource source,
        TariffBook tariff,
        MeterStore store,
        MeterReadingSigner signer,
        ChannelRunner runner,
        PaymentStreamerOptions options,
        TimeProvider clock,
        ILogger? logger = null,
        SupplyRelay? relay = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(tariff);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        options.Validate();
        logger ??= NullLogger.Instance;

        var channel = runner.State.ChannelId;
        var record = store.Load() ?? new MeterRecord(EnergyLedger.StartingAt(source.Read()), 0, null, channel, 0);
        if (!channel.Equals(record.Channel))
        {
            // A new channel starts paying from what was sent on the previous ones.
            record = record with { Channel = channel, ChannelBaseSentMsat = record.SentMsat };
        }

        var committed = runner.State.CommitmentsOrNull?.LastLocalReading;
        ulong paidThrough = committed is { } reading
            ? store.FindTransfer(reading)?.SentAfterMsat ?? throw new ChannelReadingUnknownException(reading)
            : record.ChannelBaseSentMsat;
        if (paidThrough != record.SentMsat)
        {
            Log.Reconciled(logger, record.SentMsat, paidThrough, committed?.ToString() ?? "none");
        }

        record = record with { SentMsat = paidThrough };
        store.Save(record);
        return new PaymentStreamer(source, tariff, store, signer, runner, options, clock, logger, relay, record, committed);
    }

    public PaymentStatus Status
    {
        get
        {
            lock (_gate)
            {
                var ledger = _record.Ledger;
                return new PaymentStatus(
                    ledger.ImportWattHours,
                    ledger.ExportWattHours,
                    ledger.ImportOwed.Msat,
                    _record.SentMsat,
                    _acknowledged,
                    ledger.ExportCredit.Msat,
                    _received,
                    _inFlight,
                    WhyNotPay());
            }
        }
    }

    /// <summary>What the supply policy decides from, now.</summary>
    public SupplyConditions Conditions
    {
        get
        {
            lock (_gate)
            {
                return new SupplyConditions(
                    _stopping,
                    _runner.State is ChannelState.Normal,
                    _tariff.RefusedBecause is not null,
                    _record.Ledger.ImportOwed.Msat,
                    _acknowledged,
                    _lastIntervalMsat + _options.AllowanceMsat,
                    _inFlight is { } f ? _clock.GetElapsedTime(f.PostedAt) : null,
                    _options.AcknowledgementTimeout);
            }
        }
    }

    /// <summary>Ticks every interval and handles the channel's events until cancelled, then cuts the supply.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var events = ProcessEventsAsync(cancellationToken);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await TickAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(NextDelay(), _clock, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            Stop();
            await events.ConfigureAwait(false);
        }
    }

    /// <summary>One interval, cut short at the tariff's next change so that no interval straddles two prices.</summary>
    public TimeSpan NextDelay()
    {
        var now = _clock.GetUtcNow();
        return _tariff.NextChangeAfter(now) is { } change && change - now < _options.Interval ? change - now : _options.Interval;
    }

    /// <summary>
    /// A new tariff from the provider: the energy taken up to now is recorded at the tariff it
    /// was taken under (the sub-msat remainder carries over unchanged, it is in units of energy
    /// × price, not of a price), then the new tariff applies. One above the ceiling stops payment.
    /// </summary>
    /// <exception cref="TariffAboveCeilingException">The new tariff asks more than the ceiling; the meter stops paying.</exception>
    public void ChangeTariff(ITariff tariff)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        try
        {
            lock (_gate)
            {
                var snapshot = _source.Read();
                try
                {
                    var record = _record with { Ledger = _record.Ledger.Record(snapshot, PriceOfIntervalEndingAt(_clock.GetUtcNow())) };
                    _store.Save(record);
                    _record = record;
                }
                catch (RegisterWentBackwardsException e)
                {
                    Log.SourceRefused(_logger, e.Message);
                }

                _tariff.Set(tariff);
            }
        }
        finally
        {
            UpdateRelay();
        }
    }

    /// <summary>One interval: record the energy, and pay what is due if nothing is in flight.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        ChannelInput.SendTransfer? transfer = null;
        lock (_gate)
        {
            transfer = Interval();
        }

        if (transfer is not null)
        {
            await _runner.PostAsync(transfer, cancellationToken).ConfigureAwait(false);
        }

        UpdateRelay();
    }

    /// <summary>Handles the channel's notifications until the runner stops or <paramref name="cancellationToken"/> fires.</summary>
    public async Task ProcessEventsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var action in _runner.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                Handle(action);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The runner stopped on a failed action: its events end with that failure (the
            // channel store keeps what was saved; a new runner resumes from it).
            Log.RunnerStopped(_logger, e.Message);
        }

        UpdateRelay();
    }

    /// <summary>The daemon is stopping: the supply goes off.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopping = true;
        }

        UpdateRelay();
    }

    /// <summary>Applies one channel notification.</summary>
    public void Handle(ChannelAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (_gate)
        {
            switch (action)
            {
                case ChannelAction.TransfersCompleted done:
                    foreach (var sent in done.Sent)
                    {
                        Acknowledge(sent.Reading);
                    }

                    foreach (var received in done.Received)
                    {
                        _received += received.Amount.Value;
                    }

                    break;
                case ChannelAction.CommandRejected { Command: ChannelInput.SendTransfer refused } rejected
                    when _inFlight is { } f && refused.Reading == f.Reading:
                    // Never in the channel: the amount is due again, under the next reading.
                    _record = _record with { SentMsat = _record.SentMsat - f.AmountMsat };
                    _store.Save(_record);
                    _inFlight = null;
                    Log.TransferRefused(_logger, f.AmountMsat, rejected.Reason.Message);
                    break;
                case ChannelAction.ChannelFailed failed:
                    Log.ChannelFailed(_logger, failed.Reason.Message);
                    break;
                default:
                    break;
            }
        }

        UpdateRelay();
    }

    private ChannelInput.SendTransfer? Interval()
    {
        var now = _clock.GetUtcNow();
        var snapshot = _source.Read();
        EnergyLedger ledger;
        try
        {
            ledger = _record.Ledger.Record(snapshot, PriceOfIntervalEndingAt(now));
        }
        catch (RegisterWentBackwardsException e)
        {
            Log.SourceRefused(_logger, e.Message);
            return null;
        }

        _lastIntervalMsat = ledger.ImportOwed.Msat - _record.Ledger.ImportOwed.Msat;
        var record = _record with { Ledger = ledger };
        ulong amount = WhyNotPay() is null
            ? PaymentPlanner.AmountToSend(_options.Mode, ledger.ImportOwed.Msat, record.SentMsat, _lastIntervalMsat, _options.PrepayCreditMsat)
            : 0;
        if (amount == 0)
        {
            _store.Save(record);
            _record = record;
            return null;
        }

        // Version 2 (docs/PROTOCOL.md): bound to this channel, the provider and this transfer, and
        // chained to the last reading the channel accepted from us; nothing else is in flight, so
        // the engine gives this transfer its next id. A new channel's first reading chains to the
        // last reading paid on the previous one, as the provider recorded it.
        var commitments = _runner.State.CommitmentsOrNull;
        var previous = commitments?.LastLocalReading?.SigningHash() ?? _record.LastReading?.Reading.SigningHash();
        SignedMeterReading signed;
        try
        {
            signed = _signer.SignV2(
                snapshot.ImportRegister,
                snapshot.ExportWattHours,
                (ulong)now.ToUnixTimeSeconds(),
                _options.ChainHash,
                _runner.State.ChannelId,
                _options.ProviderNodeId!,
                commitments?.LocalNextTransferId ?? 0,
                new MilliSatoshis(amount),
                previous);
        }
        catch (InvalidOperationException e)
        {
            // The reading would not move forward (a clock set back): pay at the next interval.
            Log.SignerRefused(_logger, e.Message);
            _store.Save(record);
            _record = record;
            return null;
        }

        ulong sentAfter = record.SentMsat + amount;
        record = record with { SentMsat = sentAfter, LastReading = signed };
        _store.Save(record, new MeterTransferRecord(signed, amount, sentAfter));
        _record = record;
        _inFlight = new InFlightTransfer(signed, amount, sentAfter, _clock.GetTimestamp());
        return new ChannelInput.SendTransfer(new MilliSatoshis(amount), signed);
    }

    private void Acknowledge(SignedMeterReading reading)
    {
        if (_inFlight is { } f && reading == f.Reading)
        {
            _acknowledged = Math.Max(_acknowledged, f.SentAfterMsat);
            _inFlight = null;
        }
        else if (_reconciledThrough is { } through && reading.Reading.Timestamp <= through.Timestamp)
        {
            // Committed before the restart; counted when the streamer reconciled.
        }
        else if (_store.FindTransfer(reading.Reading) is { } stored)
        {
            _acknowledged = Math.Max(_acknowledged, stored.SentAfterMsat);
        }
    }

    /// <summary>
    /// The energy of an interval ending at <paramref name="end"/> is priced at the tariff in force
    /// just before <paramref name="end"/>: an interval that ends exactly where a period starts
    /// (the streamer wakes there, see <see cref="NextDelay"/>) is still the previous period's.
    /// </summary>
    private TariffPrice? PriceOfIntervalEndingAt(DateTimeOffset end) => _tariff.PriceAt(end.AddTicks(-1));

    private string? WhyNotPay() =>
        _tariff.RefusedBecause
        ?? (_inFlight is not null ? "a transfer waits for acknowledgement" : null)
        ?? (_runner.State is not ChannelState.Normal ? $"the channel is {_runner.State.GetType().Name}" : null);

    private void UpdateRelay()
    {
        if (_relay is not null)
        {
            _relay.Apply(SupplyPolicy.Decide(Conditions));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Reconciled with the channel store: the meter had sent {Sent} msat, the channel paid through {PaidThrough} msat (last committed reading {Reading}); the rest is paid again under the next reading")]
        public static partial void Reconciled(ILogger logger, ulong sent, ulong paidThrough, string reading);

        [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "The channel refused a transfer of {Amount} msat: {Reason}")]
        public static partial void TransferRefused(ILogger logger, ulong amount, string reason);

        [LoggerMessage(EventId = 22, Level = LogLevel.Error, Message = "The channel failed: {Reason}")]
        public static partial void ChannelFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 23, Level = LogLevel.Error, Message = "The meter source was refused: {Reason}")]
        public static partial void SourceRefused(ILogger logger, string reason);

        [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "The reading signer refused: {Reason}")]
        public static partial void SignerRefused(ILogger logger, string reason);

        [LoggerMessage(EventId = 25, Level = LogLevel.Error, Message = "The channel runner stopped: {Reason}")]
        public static partial void RunnerStopped(ILogger logger, string reason);
    }
}
