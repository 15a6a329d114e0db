using Microchannels.Meter.Daemon.Configuration;
using Microchannels.Meter.Relay;
using Microchannels.Meter.Sources;
using Microchannels.Meter.Sources.Replay;
using Microchannels.Meter.Sources.S0;
using Microchannels.Meter.Sources.Simulation;
using Microchannels.Meter.Sources.Sml;
using Microchannels.Meter.Storage;

namespace Microchannels.Meter.Daemon.Sources;

/// <summary>The configured energy source and supply relay (issue 11 "Pulse and register sources", "Supply relay").</summary>
internal sealed class MeterHardware : IAsyncDisposable
{
    private readonly List<IDisposable> _owned = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _reader = Task.CompletedTask;

    private MeterHardware(IRelayOutput relay)
    {
        Relay = relay;
        _owned.Add(relay);
    }

    public IRelayOutput Relay { get; }

    public IMeterSource? Source { get; private set; }

    /// <summary>The relay output alone: the supply stays off until a channel pays.</summary>
    public static MeterHardware OpenRelay(MeterSettings settings) =>
        new(settings.RelayKind == "gpio"
            ? new LibGpiodRelayOutput(settings.GpioChip!, settings.RelayLine, settings.RelayActiveLow)
            : new SimulatedRelayOutput());

    /// <summary>Starts the configured source. A simulated meter starts its register at zero and saves a ledger at zero, so every pulse it ever counts is paid.</summary>
    public IMeterSource StartSource(MeterSettings settings, MeterStore store, TimeProvider clock)
    {
        switch (settings.SourceKind)
        {
            case "s0":
            {
                var input = new LibGpiodFallingEdgeInput(settings.GpioChip!, settings.S0Line, clock);
                var source = new S0PulseSource(input, settings.S0, clock, store.ResumePulses(), store.CheckpointPulses);
                _owned.Add(source);
                Source = source;
                break;
            }

            case "sml":
            {
                var source = new SmlRegisterSource();
                var reader = new SerialSmlReader(settings.SerialPort!, source);
                _owned.Add(reader);
                _reader = Task.Run(() => reader.RunAsync(_stop.Token));
                Source = source;
                break;
            }

            case "replay":
            {
                using var text = File.OpenText(settings.ReplayFile!);
                Source = new ReplaySource(ReplayRecording.Parse(text), clock, settings.S0);
                break;
            }

            default:
            {
                PowerProfile profile = settings.SimulatedProfile switch
                {
                    "daily" => DailyCurvePowerProfile.Household,
                    "randomwalk" => new RandomWalkPowerProfile(1, settings.SimulatedWatts, settings.SimulatedWatts / 10, TimeSpan.FromMinutes(1), 0, settings.SimulatedWatts * 3),
                    _ => new ConstantPowerProfile(settings.SimulatedWatts),
                };
                if (store.Load() is null)
                {
                    store.Save(new MeterRecord(Accounting.EnergyLedger.StartingAt(new RegisterSnapshot(0, 0, settings.S0.ImpulsesPerKilowattHour, null, 0)), 0, null, null, 0));
                }

                Source = new AnchoredSimulatedMeter(profile, settings.S0.ImpulsesPerKilowattHour, AnchoredSimulatedMeter.EpochIn(settings.DataDirectory, clock), clock);
                break;
            }
        }

        return Source;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _reader.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // The serial port went away or we are stopping.
        }

        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _stop.Dispose();
    }
}
