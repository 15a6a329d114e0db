namespace Microchannels.Meter.Sources.S0;

/// <summary>
/// An S0 meter as a register source: every falling edge of <paramref name="input"/> goes
/// through the <see cref="S0PulseCounter"/>; a read gives the pulses counted as import units
/// at the meter constant, and the power from the edge timestamps.
/// </summary>
public sealed class S0PulseSource : IMeterSource, IDisposable
{
    private readonly IFallingEdgeInput _input;
    private readonly TimeProvider _clock;

    /// <param name="initialPulses">The pulse count stored before a restart, so the register continues.</param>
    /// <param name="onCounted">Told the new count after each counted pulse (a durable checkpoint, <see cref="Storage.MeterStore.CheckpointPulses"/>).</param>
    public S0PulseSource(IFallingEdgeInput input, S0Options options, TimeProvider clock, ulong initialPulses = 0, Action<ulong>? onCounted = null)
    {
        _input = input ?? throw new ArgumentNullException(nameof(input));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        Counter = new S0PulseCounter(options, clock.TimestampFrequency, initialPulses);
        _input.Start(timestamp =>
        {
            if (Counter.OnFallingEdge(timestamp) == PulseVerdict.Counted)
            {
                onCounted?.Invoke(Counter.Pulses);
            }
        });
    }

    public S0PulseCounter Counter { get; }

    public RegisterSnapshot Read() =>
        new(Counter.Pulses, 0, Counter.ImpulsesPerKilowattHour, Counter.PowerWatts(_clock.GetTimestamp()), Counter.Alarms);

    public void Dispose() => _input.Dispose();
}
