namespace Microchannels.Meter.Sources.Simulation;

/// <summary>The power a simulated load draws, as a function of time since the simulation started.</summary>
public abstract class PowerProfile
{
    /// <summary>Watts drawn at <paramref name="sinceStart"/>; never negative.</summary>
    public abstract double WattsAt(TimeSpan sinceStart);
}
