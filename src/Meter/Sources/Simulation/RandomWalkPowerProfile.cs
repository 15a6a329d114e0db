namespace Microchannels.Meter.Sources.Simulation;

/// <summary>
/// A power that moves by a random step, up or down, every <c>stepEvery</c>, kept within
/// bounds. Seeded, so a test sees the same walk every run; steps are drawn in order and
/// remembered, so asking for any time gives the same answer.
/// </summary>
public sealed class RandomWalkPowerProfile : PowerProfile
{
    private readonly Random _random;
    private readonly List<double> _steps;
    private readonly double _maxStep;
    private readonly double _min;
    private readonly double _max;
    private readonly TimeSpan _stepEvery;

    public RandomWalkPowerProfile(int seed, double startWatts, double maxStepWatts, TimeSpan stepEvery, double minWatts, double maxWatts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minWatts);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWatts, minWatts);
        ArgumentOutOfRangeException.ThrowIfLessThan(startWatts, minWatts);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(startWatts, maxWatts);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(stepEvery, TimeSpan.Zero);
        _random = new Random(seed);
        _steps = [startWatts];
        _maxStep = maxStepWatts;
        _min = minWatts;
        _max = maxWatts;
        _stepEvery = stepEvery;
    }

    public override double WattsAt(TimeSpan sinceStart)
    {
        long step = Math.Max(0, (long)(sinceStart / _stepEvery));
        lock (_steps)
        {
            while (_steps.Count <= step)
            {
                double next = _steps[^1] + (((_random.NextDouble() * 2) - 1) * _maxStep);
                _steps.Add(Math.Clamp(next, _min, _max));
            }

            return _steps[(int)step];
        }
    }
}
