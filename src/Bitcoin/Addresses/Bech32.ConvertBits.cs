namespace Microchannels.Bitcoin.Addresses;

/// <summary>Bit regrouping between 8-bit bytes and Bech32's 5-bit values.</summary>
public static partial class Bech32
{
    /// <summary>
    /// Regroups bits, as BIP 173 "Segwit address format" describes for witness programs
    /// (the reference <c>convertbits</c>). Without <paramref name="pad"/>, the incomplete
    /// group left at the end must be shorter than <paramref name="fromBits"/> and all
    /// zeroes, or <see cref="AddressFormatException"/> is thrown.
    /// </summary>
    public static byte[] ConvertBits(ReadOnlySpan<byte> data, int fromBits, int toBits, bool pad)
    {
        if (!TryConvertBits(data, fromBits, toBits, pad, out var result, out var error))
        {
            throw new AddressFormatException(error);
        }

        return result;
    }

    internal static bool TryConvertBits(ReadOnlySpan<byte> data, int fromBits, int toBits, bool pad, out byte[] result, out string error)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromBits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fromBits, 8);
        ArgumentOutOfRangeException.ThrowIfLessThan(toBits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(toBits, 8);

        // The output size is fixed by the input size, so nothing is allocated beyond it.
        var totalBits = (long)data.Length * fromBits;
        var outputLength = (int)(pad ? (totalBits + toBits - 1) / toBits : totalBits / toBits);
        var output = new byte[outputLength];
        var maxValue = (1 << toBits) - 1;
        int accumulator = 0, bits = 0, pos = 0;
        foreach (var value in data)
        {
            if (value >> fromBits != 0)
            {
                result = [];
                error = $"value {value} does not fit in {fromBits} bits";
                return false;
            }

            accumulator = ((accumulator << fromBits) | value) & ((1 << (fromBits + toBits - 1)) - 1);
            bits += fromBits;
            while (bits >= toBits)
            {
                bits -= toBits;
                output[pos++] = (byte)((accumulator >> bits) & maxValue);
            }
        }

        if (pad)
        {
            if (bits > 0)
            {
                output[pos] = (byte)((accumulator << (toBits - bits)) & maxValue);
            }
        }
        else if (bits >= fromBits)
        {
            // BIP 173: "Any incomplete group at the end MUST be 4 bits or less".
            result = [];
            error = $"zero padding of more than {fromBits - 1} bits";
            return false;
        }
        else if (((accumulator << (toBits - bits)) & maxValue) != 0)
        {
            // BIP 173: the incomplete group "MUST be all zeroes".
            result = [];
            error = "non-zero padding";
            return false;
        }

        result = output;
        error = string.Empty;
        return true;
    }
}
