namespace Microchannels.Meter.Sources.Simulation;

/// <summary>A load that always draws the same power.</summary>
public sealed class ConstantPowerProfile : PowerProfile
{
    private readonly double _watts;

    public ConstantPowerProfile(double watts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(watts);
        _watts = watts;
    }

    public override double WattsAt(TimeSpan sinceStart) => _watts;
}
