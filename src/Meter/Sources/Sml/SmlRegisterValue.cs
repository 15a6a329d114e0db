namespace Microchannels.Meter.Sources.Sml;

/// <summary>One entry of an SML <c>GetList.Res</c> value list: raw value, DLMS unit code and decimal scaler.</summary>
public sealed record SmlRegisterValue(ObisCode Code, long? Signed, ulong? Unsigned, int? Unit, int Scaler)
{
    /// <summary>The value as a number (a 64-bit unsigned register above long's range is kept exact).</summary>
    public decimal Raw => Unsigned is { } u ? u : Signed ?? 0;

    /// <summary>The value in its unit: raw × 10^scaler.</summary>
    public decimal Scaled
    {
        get
        {
            decimal value = Raw;
            for (int i = 0; i < Scaler; i++)
            {
                value *= 10;
            }

            for (int i = 0; i > Scaler; i--)
            {
                value /= 10;
            }

            return value;
        }
    }
}
