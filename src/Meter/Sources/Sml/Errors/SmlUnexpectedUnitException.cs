namespace Microchannels.Meter.Sources.Sml;

/// <summary>A register in a unit other than the one its OBIS code means (Wh for x.8.0, W for 16.7.0; DLMS unit codes 30 and 27).</summary>
public sealed class SmlUnexpectedUnitException(ObisCode code, int? unit, int expected)
    : SmlException($"{code} is in DLMS unit {(unit is { } u ? u.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}, expected {expected}.")
{
    public ObisCode Code { get; } = code;

    public int? Unit { get; } = unit;
}
