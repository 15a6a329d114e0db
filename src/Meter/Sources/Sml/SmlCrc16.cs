namespace Microchannels.Meter.Sources.Sml;

/// <summary>
/// CRC-16/X-25 (reflected polynomial 0x1021 as 0x8408, initial 0xFFFF, final XOR 0xFFFF;
/// check value 0x906E for "123456789"), which SML transport v1 appends to each frame,
/// low byte first.
/// </summary>
public static class SmlCrc16
{
    public static ushort Compute(ReadOnlySpan<byte> data)
    {
        ushort crc = 0xFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (ushort)((crc >> 1) ^ 0x8408) : (ushort)(crc >> 1);
            }
        }

        return (ushort)(crc ^ 0xFFFF);
    }
}
