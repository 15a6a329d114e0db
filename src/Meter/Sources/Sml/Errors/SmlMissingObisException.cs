namespace Microchannels.Meter.Sources.Sml;

/// <summary>A valid frame that does not carry the register the meter needs (OBIS 1-0:1.8.0, import energy).</summary>
public sealed class SmlMissingObisException(ObisCode code)
    : SmlException($"The SML frame carries no {code} value.")
{
    public ObisCode Code { get; } = code;
}
