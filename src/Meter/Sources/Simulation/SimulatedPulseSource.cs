using Microchannels.Meter.Sources.S0;

namespace Microchannels.Meter.Sources.Simulation;

/// <summary>
/// An S0 meter on a simulated load: the profile's energy is integrated along the clock and
/// every 3.6e6 / c joules become a falling edge at the instant the pulse completes, fed to
/// the same <see cref="S0PulseCounter"/> as real edges. On a manual clock a day passes as
/// fast as the test advances it.
/// </summary>
public sealed class SimulatedPulseSource : IMeterSource
{
    /// <summary>Integration step: short against any profile's change, long against a pulse.</summary>
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    private readonly PowerProfile _profile;
    private readonly TimeProvider _clock;
    private readonly long _start;
    private readonly double _joulesPerPulse;
    private readonly Lock _gate = new();
    private long _simulatedUntil;
    private double _joules;

    public SimulatedPulseSource(PowerProfile profile, S0Options options, TimeProvider clock)
    {
        _profile = profile ?? throw new ArgumentNullException(nameof(profile));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        Counter = new S0PulseCounter(options, clock.TimestampFrequency);
        _joulesPerPulse = 3.6e6 / options.ImpulsesPerKilowattHour;
        _start = clock.GetTimestamp();
        _simulatedUntil = _start;
    }

    public S0PulseCounter Counter { get; }

    /// <summary>Energy the profile delivered so far, in joules (pulses lag it by less than one pulse).</summary>
    public double DeliveredJoules { get; private set; }

    public RegisterSnapshot Read()
    {
        long now = _clock.GetTimestamp();
        lock (_gate)
        {
            Simulate(now);
        }

        return new RegisterSnapshot(Counter.Pulses, 0, Counter.ImpulsesPerKilowattHour, Counter.PowerWatts(now), Counter.Alarms);
    }

    private void Simulate(long now)
    {
        long stepTicks = MonotonicClock.TicksOf(_clock, Step);
        double frequency = _clock.TimestampFrequency;
        while (_simulatedUntil < now)
        {
            long end = Math.Min(now, _simulatedUntil + stepTicks);
            double seconds = (end - _simulatedUntil) / frequency;
            double watts = _profile.WattsAt(TimeSpan.FromSeconds((_simulatedUntil - _start) / frequency));
            double stepJoules = watts * seconds;
            double before = _joules;
            _joules += stepJoules;
            DeliveredJoules += stepJoules;
            while (_joules >= _joulesPerPulse)
            {
                // The instant within the step at which this pulse's energy was complete.
                double needed = _joulesPerPulse - before;
                long at = _simulatedUntil + (long)Math.Ceiling(needed / watts * frequency);
                Counter.OnFallingEdge(Math.Min(at, end));
                _joules -= _joulesPerPulse;
                before -= _joulesPerPulse;
            }

            _simulatedUntil = end;
        }
    }
}
