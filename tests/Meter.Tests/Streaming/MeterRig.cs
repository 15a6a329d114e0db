using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Meter.Accounting;
using Microchannels.Meter.Relay;
using Microchannels.Meter.Sources;
using Microchannels.Meter.Storage;
using Microchannels.Meter.Streaming;
using Microchannels.Meter.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Microchannels.Meter.Tests.Streaming;

/// <summary>
/// A meter device around a real channel: a source on a manual clock, the tariff book, the
/// meter store, the reading signer, the streamer and a relay, paying a provider runner over
/// loopback. The meter process can crash and come back with everything reloaded from disk.
/// </summary>
public sealed class MeterRig : IAsyncDisposable
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("meter-rig-").FullName;
    private CancellationTokenSource? _events;
    private Task _eventLoop = Task.CompletedTask;
    private MeterReadingSigner? _signer;

    public MeterRig(IMeterSource source, ManualClock clock, TariffSchedule tariff, PaymentStreamerOptions options, ulong meterInitialMsat = LoopbackChannel.FundingSatoshis * 1000)
    {
        Source = source;
        Clock = clock;
        // Every reading names the provider (docs/PROTOCOL.md, version 2), which the rig's provider checks.
        Options = options.ProviderNodeId is null ? options with { ProviderNodeId = LoopbackChannel.ProviderNodeId } : options;
        Channel = new LoopbackChannel(_directory, meterInitialMsat);
        Tariff = new TariffBook(ceilingMsatPerWh: 1_000, Logger);
        Tariff.Set(tariff);
    }

    public IMeterSource Source { get; }

    public ManualClock Clock { get; }

    public PaymentStreamerOptions Options { get; }

    public LoopbackChannel Channel { get; }

    public TariffBook Tariff { get; }

    public ListLogger Logger { get; } = new();

    public FakeRelayOutput RelayOutput { get; } = new();

    public SupplyRelay? Relay { get; private set; }

    public MeterStore? Store { get; private set; }

    public PaymentStreamer? Streamer { get; private set; }

    /// <summary>Boots the meter: runner and stores from disk, the streamer reconciled with them, events handled in the background.</summary>
    public async Task BootMeterAsync(bool handleEvents = true, ActionHook? hook = null)
    {
        var runner = await Channel.StartMeterAsync(hook);
        Store = MeterStore.Open(System.IO.Path.Combine(_directory, "meter.db"));
        _signer = Channel.ReadingSigner(Store.Load()?.LastReading?.Reading);
        Relay = new SupplyRelay(RelayOutput, Logger);
        Streamer = PaymentStreamer.Resume(Source, Tariff, Store, _signer, runner, Options, Clock, Logger, Relay);
        _events = new CancellationTokenSource();
        _eventLoop = handleEvents ? Streamer.ProcessEventsAsync(_events.Token) : Task.CompletedTask;
    }

    /// <summary>The meter process dies at once: nothing is flushed or closed politely beyond what is already on disk.</summary>
    public async Task CrashMeterAsync()
    {
        if (_events is not null)
        {
            await _events.CancelAsync();
        }

        await Channel.CrashMeterAsync();
        await _eventLoop;
        _events?.Dispose();
        _events = null;
        Store?.Dispose();
        SqliteConnection.ClearAllPools();
        _signer?.Dispose();
        Streamer = null;
        Store = null;
    }

    /// <summary>The meter's own database is lost (a fresh SD card with only the channel store restored).</summary>
    public void LoseMeterStore()
    {
        foreach (var file in System.IO.Directory.GetFiles(_directory, "meter.db*"))
        {
            System.IO.File.Delete(file);
        }
    }

    /// <summary>One interval passes and the meter pays what is due.</summary>
    public async Task IntervalAsync(CancellationToken ct)
    {
        Clock.Advance(Options.Interval);
        await Streamer!.TickAsync(ct);
    }

    /// <summary>Waits until the transfer in flight (if any) is acknowledged.</summary>
    public Task AcknowledgedAsync(CancellationToken ct) =>
        Eventually.TrueAsync(() => Streamer!.Status.InFlight is null, "the transfer's acknowledgement", ct);

    /// <summary>Pays intervals until everything owed is sent and acknowledged and the channel is quiet.</summary>
    public async Task SettleAsync(CancellationToken ct)
    {
        for (int i = 0; i < 10; i++)
        {
            await AcknowledgedAsync(ct);
            var status = Streamer!.Status;
            if (status.SentMsat == status.OwedMsat && status.AcknowledgedMsat == status.SentMsat)
            {
                break;
            }

            await IntervalAsync(ct);
        }

        await Eventually.TrueAsync(() => Channel.Quiet, "a quiet channel", ct);
    }

    /// <summary>What the provider's committed balance gained: what it was really paid.</summary>
    public ulong ProviderReceivedMsat => Channel.ProviderCommittedMsat - Channel.ProviderInitialMsat;

    public async ValueTask DisposeAsync()
    {
        await CrashMeterAsync();
        await Channel.DisposeAsync();
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(_directory, recursive: true);
    }
}
