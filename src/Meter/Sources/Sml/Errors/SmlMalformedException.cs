using System.Globalization;

namespace Microchannels.Meter.Sources.Sml;

/// <summary>The bytes are not SML: an unknown escape, a bad type-length field, or a message of the wrong shape.</summary>
public sealed class SmlMalformedException(string reason, int offset)
    : SmlException(string.Create(CultureInfo.InvariantCulture, $"Malformed SML at byte {offset}: {reason}"))
{
    public string Reason { get; } = reason;

    public int Offset { get; } = offset;
}
