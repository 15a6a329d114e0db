namespace Microchannels.Bitcoin.Addresses;

/// <summary>
/// Bitcoin's Base58 (Bitcoin Core base58.cpp): the bytes as one big-endian number in
/// base 58 over an alphabet without 0, O, I and l, each leading zero byte written as '1'.
/// Decoding is strict: any character outside the alphabet, whitespace included, is
/// rejected. Work is quadratic in the length, so callers parsing untrusted text bound
/// the length first (addresses and WIF keys are short).
/// </summary>
public static class Base58
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    private static readonly sbyte[] AlphabetRev = BuildReverseAlphabet();

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var zeros = 0;
        while (zeros < data.Length && data[zeros] == 0)
        {
            zeros++;
        }

        // log(256) / log(58) < 1.38: base-58 digits needed for the rest, little-endian.
        var digits = new byte[((data.Length - zeros) * 138 / 100) + 1];
        var used = 0;
        foreach (var b in data[zeros..])
        {
            int carry = b;
            for (var i = 0; i < used; i++)
            {
                carry += digits[i] << 8;
                digits[i] = (byte)(carry % 58);
                carry /= 58;
            }

            while (carry > 0)
            {
                digits[used++] = (byte)(carry % 58);
                carry /= 58;
            }
        }

        var chars = new char[zeros + used];
        chars.AsSpan(0, zeros).Fill('1');
        for (var i = 0; i < used; i++)
        {
            chars[zeros + i] = Alphabet[digits[used - 1 - i]];
        }

        return new string(chars);
    }

    /// <summary>Decodes Base58 text; a character outside the alphabet throws <see cref="AddressFormatException"/>.</summary>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryDecode(text, out var result, out var error))
        {
            throw new AddressFormatException(error);
        }

        return result;
    }

    internal static bool TryDecode(string text, out byte[] result, out string error)
    {
        var zeros = 0;
        while (zeros < text.Length && text[zeros] == '1')
        {
            zeros++;
        }

        // log(58) / log(256) < 0.733: bytes needed for the rest, little-endian.
        var bytes = new byte[((text.Length - zeros) * 733 / 1000) + 1];
        var used = 0;
        for (var pos = zeros; pos < text.Length; pos++)
        {
            var c = text[pos];
            var digit = c < 128 ? AlphabetRev[c] : (sbyte)-1;
            if (digit < 0)
            {
                result = [];
                error = c is >= (char)33 and <= (char)126
                    ? $"invalid base58 character '{c}' at position {pos}"
                    : $"invalid base58 character U+{(int)c:X4} at position {pos}";
                return false;
            }

            int carry = digit;
            for (var i = 0; i < used; i++)
            {
                carry += bytes[i] * 58;
                bytes[i] = (byte)carry;
                carry >>= 8;
            }

            while (carry > 0)
            {
                bytes[used++] = (byte)carry;
                carry >>= 8;
            }
        }

        result = new byte[zeros + used];
        for (var i = 0; i < used; i++)
        {
            result[zeros + i] = bytes[used - 1 - i];
        }

        // The digits may be a WIF secret; do not leave a copy behind.
        Array.Clear(bytes);
        error = string.Empty;
        return true;
    }

    private static sbyte[] BuildReverseAlphabet()
    {
        var table = new sbyte[128];
        Array.Fill(table, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            table[Alphabet[i]] = (sbyte)i;
        }

        return table;
    }
}
