namespace Microchannels.Meter.Accounting;

/// <summary>The provider asked for an import price above the most this meter was configured to pay.</summary>
public sealed class TariffAboveCeilingException(ulong askedMsatPerWh, ulong ceilingMsatPerWh)
    : Exception($"The tariff asks {askedMsatPerWh} msat/Wh, above this meter's ceiling of {ceilingMsatPerWh} msat/Wh.")
{
    public ulong AskedMsatPerWh { get; } = askedMsatPerWh;

    public ulong CeilingMsatPerWh { get; } = ceilingMsatPerWh;
}
