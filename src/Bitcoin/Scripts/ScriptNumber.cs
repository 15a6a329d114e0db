namespace Microchannels.Bitcoin.Scripts;

/// <summary>
/// The minimal encoding of script numbers (Bitcoin Core's CScriptNum::serialize):
/// little-endian magnitude, sign in the top bit of the last byte, no redundant
/// bytes, and zero as the empty array. BIP 62 rule 4 requires exactly this form.
/// </summary>
public static class ScriptNumber
{
    public static byte[] Encode(long value)
    {
        if (value == 0)
        {
            return [];
        }

        bool negative = value < 0;

        // Two's-complement negation through ulong, so long.MinValue does not overflow.
        ulong magnitude = negative ? ~(ulong)value + 1 : (ulong)value;
        Span<byte> buffer = stackalloc byte[9];
        int length = 0;
        while (magnitude != 0)
        {
            buffer[length++] = (byte)magnitude;
            magnitude >>= 8;
        }

        // If the top bit of the magnitude is taken, the sign needs its own byte.
        if ((buffer[length - 1] & 0x80) != 0)
        {
            buffer[length++] = negative ? (byte)0x80 : (byte)0x00;
        }
        else if (negative)
        {
            buffer[length - 1] |= 0x80;
        }

        return buffer[..length].ToArray();
    }
}
