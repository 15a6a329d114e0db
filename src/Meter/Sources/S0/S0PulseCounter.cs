namespace Microchannels.Meter.Sources.S0;

/// <summary>
/// Counts S0 pulses from falling-edge timestamps on a monotonic clock, with software
/// debounce and a plausibility limit, and derives power from the edge timestamps:
/// P = 3.6e6 · n / (c · Δt) watts for n pulse intervals spanning Δt seconds at c imp/kWh
/// (one pulse is 3.6e6 / c joules). Thread-safe: GPIO callbacks arrive on their own thread.
/// </summary>
public sealed class S0PulseCounter
{
    private readonly Lock _gate = new();
    private readonly S0Options _options;
    private readonly long _frequency;
    private readonly long _debounceTicks;
    private readonly long _windowTicks;

    /// <summary>Minimum distance between two counted pulses: closer means more than the power limit.</summary>
    private readonly double _minimumIntervalSeconds;
    private readonly Queue<long> _recent = new();
    private long? _lastCounted;
    private ulong _pulses;
    private ulong _alarms;
    private ulong _bounces;

    /// <param name="timestampFrequency">Ticks per second of the timestamps given to <see cref="OnFallingEdge"/>.</param>
    public S0PulseCounter(S0Options options, long timestampFrequency, ulong initialPulses = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timestampFrequency);
        _options = options;
        _frequency = timestampFrequency;
        _debounceTicks = (long)(options.Debounce.TotalSeconds * timestampFrequency);
        _windowTicks = (long)(options.PowerWindow.TotalSeconds * timestampFrequency);
        _minimumIntervalSeconds = 3.6e6 / (options.ImpulsesPerKilowattHour * options.MaximumPowerWatts);
        _pulses = initialPulses;
    }

    public uint ImpulsesPerKilowattHour => _options.ImpulsesPerKilowattHour;

    public ulong Pulses
    {
        get
        {
            lock (_gate)
            {
                return _pulses;
            }
        }
    }

    /// <summary>Pulses discarded as implausible (above the power limit, or out of order).</summary>
    public ulong Alarms
    {
        get
        {
            lock (_gate)
            {
                return _alarms;
            }
        }
    }

    public ulong Bounces
    {
        get
        {
            lock (_gate)
            {
                return _bounces;
            }
        }
    }

    /// <summary>Judges one falling edge at <paramref name="timestamp"/> and counts it if it is a pulse.</summary>
    public PulseVerdict OnFallingEdge(long timestamp)
    {
        lock (_gate)
        {
            if (_lastCounted is not { } last)
            {
                return Count(timestamp);
            }

            long gap = timestamp - last;
            if (gap < 0)
            {
                _alarms++;
                return PulseVerdict.OutOfOrder;
            }

            if (gap < _debounceTicks)
            {
                _bounces++;
                return PulseVerdict.Bounce;
            }

            if (gap / (double)_frequency < _minimumIntervalSeconds)
            {
                // Measured from the last counted pulse, so a burst of interference is
                // discarded edge by edge while the next genuine pulse still counts.
                _alarms++;
                return PulseVerdict.AbovePowerLimit;
            }

            return Count(timestamp);
        }
    }

    /// <summary>
    /// Power at <paramref name="now"/> from the pulses of the power window, or null before
    /// two pulses were seen. When the time since the last pulse exceeds the averaged pulse
    /// interval, the power can be at most one pulse over that time, so that bound is given:
    /// a load switched off reads as falling power, not as the last average forever.
    /// </summary>
    public double? PowerWatts(long now)
    {
        lock (_gate)
        {
            Trim(now);
            if (_recent.Count < 2 || _lastCounted is not { } last)
            {
                return _lastCounted is { } only && now > only ? Watts(1, now - only) : null;
            }

            long first = _recent.Peek();
            int intervals = _recent.Count - 1;
            double average = Watts(intervals, last - first);
            double sinceLast = now > last ? Watts(1, now - last) : double.PositiveInfinity;
            return Math.Min(average, sinceLast);
        }
    }

    private double Watts(int intervals, long ticks) =>
        3.6e6 * intervals / (_options.ImpulsesPerKilowattHour * (ticks / (double)_frequency));

    private PulseVerdict Count(long timestamp)
    {
        _lastCounted = timestamp;
        _pulses = checked(_pulses + 1);
        _recent.Enqueue(timestamp);
        Trim(timestamp);
        return PulseVerdict.Counted;
    }

    /// <summary>Keeps the window's pulses, and always the last two so a slow meter still has a power.</summary>
    private void Trim(long now)
    {
        while (_recent.Count > 2 && now - _recent.Peek() > _windowTicks)
        {
            _recent.Dequeue();
        }
    }
}
