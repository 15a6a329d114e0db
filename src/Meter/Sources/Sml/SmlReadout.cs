namespace Microchannels.Meter.Sources.Sml;

/// <summary>
/// What the meter takes from one frame: import energy (1-0:1.8.0) and, when present, export
/// energy (1-0:2.8.0) in tenths of a watt-hour (rounded down when the meter is finer), and
/// power (1-0:16.7.0) in watts, import positive.
/// </summary>
public sealed record SmlReadout(ulong ImportTenthsWh, ulong? ExportTenthsWh, decimal? PowerWatts)
{
    /// <summary>0.1 Wh resolution: 10,000 units per kWh.</summary>
    public const uint UnitsPerKilowattHour = 10_000;

    /// <summary>DLMS unit code for watt-hours.</summary>
    public const int WattHour = 30;

    /// <summary>DLMS unit code for watts.</summary>
    public const int Watt = 27;

    /// <summary>Unwraps, checks and reads one whole frame.</summary>
    /// <exception cref="SmlException">The frame is refused; see the derived types.</exception>
    public static SmlReadout FromFrame(ReadOnlySpan<byte> frame) =>
        FromRegisters(SmlMessages.ReadRegisters(SmlTransport.Unwrap(frame)));

    public static SmlReadout FromRegisters(IReadOnlyDictionary<ObisCode, SmlRegisterValue> registers)
    {
        ArgumentNullException.ThrowIfNull(registers);
        if (!registers.TryGetValue(ObisCode.ImportEnergy, out var import))
        {
            throw new SmlMissingObisException(ObisCode.ImportEnergy);
        }

        ulong importUnits = Energy(import);
        ulong? exportUnits = registers.TryGetValue(ObisCode.ExportEnergy, out var export) ? Energy(export) : null;
        decimal? power = null;
        if (registers.TryGetValue(ObisCode.ActivePower, out var p))
        {
            if (p.Unit != Watt)
            {
                throw new SmlUnexpectedUnitException(p.Code, p.Unit, Watt);
            }

            power = p.Scaled;
        }

        return new SmlReadout(importUnits, exportUnits, power);
    }

    private static ulong Energy(SmlRegisterValue value)
    {
        if (value.Unit != WattHour)
        {
            throw new SmlUnexpectedUnitException(value.Code, value.Unit, WattHour);
        }

        if (value.Raw < 0)
        {
            throw new SmlMalformedException($"{value.Code} is negative ({value.Raw})", 0);
        }

        // Tenths of Wh: raw × 10^(scaler + 1), rounded down; a cumulative register rounded
        // down still only moves forward.
        decimal tenths = decimal.Floor(value.Scaled * 10);
        if (tenths > ulong.MaxValue)
        {
            throw new SmlMalformedException($"{value.Code} does not fit 64 bits in 0.1 Wh", 0);
        }

        return (ulong)tenths;
    }
}
