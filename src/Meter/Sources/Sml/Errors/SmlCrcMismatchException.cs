using System.Globalization;

namespace Microchannels.Meter.Sources.Sml;

/// <summary>The frame's CRC-16/X-25 (SML transport v1, over every byte before it) does not match.</summary>
public sealed class SmlCrcMismatchException(ushort expected, ushort received)
    : SmlException(string.Create(CultureInfo.InvariantCulture, $"SML frame CRC is 0x{received:X4}, its bytes give 0x{expected:X4}."))
{
    public ushort Expected { get; } = expected;

    public ushort Received { get; } = received;
}
