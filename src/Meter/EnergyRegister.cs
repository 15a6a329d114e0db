namespace Microchannels.Meter;

/// <summary>
/// The meter's cumulative energy register, fed by an S0 pulse output (IEC 62053-31):
/// every pulse is a fixed quantum of energy given by the meter constant, printed on
/// the meter as impulses per kWh (commonly 1000 or 2000 imp/kWh). Immutable: counting
/// pulses returns a new register, so a reading is always a consistent pair of pulse
/// count and energy.
/// </summary>
public sealed record EnergyRegister
{
    public EnergyRegister(uint impulsesPerKilowattHour, ulong pulseCount = 0)
    {
        // 1 imp/kWh .. 1,000,000 imp/kWh covers every S0 meter (1 Wh/pulse is 1000 imp/kWh).
        ArgumentOutOfRangeException.ThrowIfZero(impulsesPerKilowattHour);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(impulsesPerKilowattHour, 1_000_000u);
        ImpulsesPerKilowattHour = impulsesPerKilowattHour;
        PulseCount = pulseCount;
    }

    public uint ImpulsesPerKilowattHour { get; }

    /// <summary>Pulses counted since the register was commissioned.</summary>
    public ulong PulseCount { get; }

    /// <summary>
    /// Whole watt-hours registered, rounded down: pulses × 1000 / constant. Rounding
    /// down means the buyer is never billed for energy not yet fully delivered; the
    /// remainder is billed once enough pulses complete the next watt-hour.
    /// </summary>
    public ulong CumulativeWattHours => (ulong)(((UInt128)PulseCount * 1000) / ImpulsesPerKilowattHour);

    /// <summary>The register after <paramref name="pulses"/> more pulses.</summary>
    public EnergyRegister Count(ulong pulses) =>
        new(ImpulsesPerKilowattHour, checked(PulseCount + pulses));
}
