using Microchannels.Meter.Sources.S0;

namespace Microchannels.Meter.Sources.Replay;

/// <summary>
/// Plays a checked <see cref="ReplayRecording"/> along a clock: each read takes in the
/// entries whose time has come. Edges pass through an <see cref="S0PulseCounter"/> exactly as
/// live edges would; register lines set the registers.
/// </summary>
public sealed class ReplaySource : IMeterSource
{
    private readonly ReplayRecording _recording;
    private readonly TimeProvider _clock;
    private readonly long _start;
    private readonly S0PulseCounter? _counter;
    private readonly Lock _gate = new();
    private int _next;
    private ulong _import;
    private ulong _export;

    /// <param name="edgeOptions">For an edge recording: debounce and power limit (the constant comes from the recording).</param>
    public ReplaySource(ReplayRecording recording, TimeProvider clock, S0Options? edgeOptions = null)
    {
        _recording = recording ?? throw new ArgumentNullException(nameof(recording));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _start = clock.GetTimestamp();
        if (recording.Kind == ReplayKind.Edges)
        {
            var options = (edgeOptions ?? new S0Options()) with { ImpulsesPerKilowattHour = recording.UnitsPerKilowattHour };
            _counter = new S0PulseCounter(options, clock.TimestampFrequency);
        }
    }

    /// <summary>Whether every entry was played.</summary>
    public bool Finished
    {
        get
        {
            lock (_gate)
            {
                return _next >= _recording.Entries.Count;
            }
        }
    }

    public RegisterSnapshot Read()
    {
        long now = _clock.GetTimestamp();
        double elapsedMicros = (now - _start) * (1_000_000.0 / _clock.TimestampFrequency);
        lock (_gate)
        {
            while (_next < _recording.Entries.Count && _recording.Entries[_next].Micros <= elapsedMicros)
            {
                var entry = _recording.Entries[_next++];
                if (_counter is not null)
                {
                    _counter.OnFallingEdge(_start + (long)(entry.Micros * (_clock.TimestampFrequency / 1_000_000.0)));
                }
                else
                {
                    _import = entry.ImportUnits;
                    _export = entry.ExportUnits;
                }
            }

            return _counter is { } c
                ? new RegisterSnapshot(c.Pulses, 0, _recording.UnitsPerKilowattHour, c.PowerWatts(now), c.Alarms)
                : new RegisterSnapshot(_import, _export, _recording.UnitsPerKilowattHour, null, 0);
        }
    }
}
