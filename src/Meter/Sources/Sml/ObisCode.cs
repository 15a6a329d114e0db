using System.Globalization;

namespace Microchannels.Meter.Sources.Sml;

/// <summary>
/// An OBIS identifier (IEC 62056-61), six bytes A-B:C.D.E*F, as an SML list entry's
/// <c>objName</c> carries it. 1-0:1.8.0*255 is import energy, 2.8.0 export, 16.7.0 power.
/// </summary>
public readonly record struct ObisCode(byte A, byte B, byte C, byte D, byte E, byte F)
{
    public static ObisCode ImportEnergy { get; } = new(1, 0, 1, 8, 0, 255);

    public static ObisCode ExportEnergy { get; } = new(1, 0, 2, 8, 0, 255);

    public static ObisCode ActivePower { get; } = new(1, 0, 16, 7, 0, 255);

    public static ObisCode? FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == 6 ? new ObisCode(bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5]) : null;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{A}-{B}:{C}.{D}.{E}*{F}");
}
