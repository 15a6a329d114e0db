namespace Microchannels.Meter.Sources;

/// <summary>
/// A source's cumulative registers in its own resolution: <see cref="UnitsPerKilowattHour"/>
/// units make one kWh (an S0 meter's constant, 800..100,000 imp/kWh; 10,000 for an SML
/// register read to 0.1 Wh). Energy stays in whole units so money can be computed from it
/// exactly (<see cref="Accounting.EnergyLedger"/>); watt-hours are derived, rounded down.
/// </summary>
/// <param name="ImportUnits">Energy taken from the grid (OBIS 1.8.0, or S0 pulses).</param>
/// <param name="ExportUnits">Energy fed in (OBIS 2.8.0); zero for a pulse source.</param>
/// <param name="PowerWatts">Present power (import positive), when the source knows it.</param>
/// <param name="Alarms">Inputs the source refused since it started (implausible pulses, bad frames).</param>
public sealed record RegisterSnapshot(ulong ImportUnits, ulong ExportUnits, uint UnitsPerKilowattHour, double? PowerWatts, ulong Alarms)
{
    public ulong ImportWattHours => ToWattHours(ImportUnits);

    public ulong ExportWattHours => ToWattHours(ExportUnits);

    /// <summary>The import register in the form the reading signer takes (units as pulses).</summary>
    public EnergyRegister ImportRegister => new(UnitsPerKilowattHour, ImportUnits);

    private ulong ToWattHours(ulong units) => (ulong)((UInt128)units * 1000 / UnitsPerKilowattHour);
}
