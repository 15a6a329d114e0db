namespace Microchannels.Meter.Sources.Sml;

/// <summary>An energy register lower than the one already accepted: a cumulative register never goes back.</summary>
public sealed class SmlRegisterWentBackwardsException(ObisCode code, ulong previousUnits, ulong receivedUnits)
    : SmlException($"{code} went back from {previousUnits} to {receivedUnits} (0.1 Wh).")
{
    public ObisCode Code { get; } = code;
}
