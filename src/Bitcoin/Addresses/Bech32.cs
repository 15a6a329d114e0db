namespace Microchannels.Bitcoin.Addresses;

/// <summary>
/// The Bech32 and Bech32m string formats: BIP 173, "Bech32", with the checksum
/// constant of BIP 350, "Bech32m". Decoding applies every rule of BIP 173 and
/// reports the first one broken; it never corrects errors (BIP 173, "Error
/// correction": correction turns typos into valid but wrong addresses).
/// </summary>
public static partial class Bech32
{
    /// <summary>BIP 173, "Bech32": "A Bech32 string is at most 90 characters long".</summary>
    public const int MaxLength = 90;

    /// <summary>BIP 173, "Bech32": the HRP "MUST contain 1 to 83 US-ASCII characters".</summary>
    public const int MaxHrpLength = 83;

    /// <summary>BIP 173, "Checksum": "The last six characters of the data part form a checksum".</summary>
    public const int ChecksumLength = 6;

    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    // BIP 173, "Checksum" (constant 1) and BIP 350, "Bech32m" (BECH32M_CONST).
    private const uint Bech32Constant = 1;
    private const uint Bech32mConstant = 0x2bc830a3;

    private static readonly uint[] Generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

    // Value of each ASCII character in the data part, case-insensitive; -1 if not in the charset.
    private static readonly sbyte[] CharsetRev = BuildReverseCharset();

    /// <summary>
    /// Encodes <paramref name="hrp"/> and 5-bit values as an all-lowercase string
    /// (BIP 173, "Uppercase/lowercase": "Encoders MUST always output an all lowercase
    /// Bech32 string"). Invalid arguments are programming errors and throw
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public static string Encode(string hrp, ReadOnlySpan<byte> data5bit, Bech32Variant variant)
    {
        ArgumentNullException.ThrowIfNull(hrp);
        if (hrp.Length is 0 or > MaxHrpLength)
        {
            throw new ArgumentException($"HRP must be 1 to {MaxHrpLength} characters, got {hrp.Length}.", nameof(hrp));
        }

        foreach (var c in hrp)
        {
            if (c is < (char)33 or > (char)126 or (>= 'A' and <= 'Z'))
            {
                throw new ArgumentException("HRP characters must be in the range 33..126 and lowercase.", nameof(hrp));
            }
        }

        var length = hrp.Length + 1 + data5bit.Length + ChecksumLength;
        if (length > MaxLength)
        {
            throw new ArgumentException($"Encoding would be {length} characters, more than {MaxLength}.", nameof(data5bit));
        }

        foreach (var value in data5bit)
        {
            if (value > 31)
            {
                throw new ArgumentException("Data values must be 5-bit (0..31).", nameof(data5bit));
            }
        }

        var checksum = CreateChecksum(hrp, data5bit, variant);
        Span<char> chars = stackalloc char[length];
        hrp.AsSpan().CopyTo(chars);
        var pos = hrp.Length;
        chars[pos++] = '1';
        foreach (var value in data5bit)
        {
            chars[pos++] = Charset[value];
        }

        for (var i = 0; i < ChecksumLength; i++)
        {
            chars[pos++] = Charset[(int)(checksum >> (5 * (5 - i))) & 31];
        }

        return new string(chars);
    }

    /// <summary>
    /// Decodes a Bech32 or Bech32m string. The HRP is returned lowercase and the data
    /// without its checksum. Throws <see cref="AddressFormatException"/> naming the rule broken.
    /// </summary>
    public static (string Hrp, byte[] Data5bit, Bech32Variant Variant) Decode(string bech)
    {
        ArgumentNullException.ThrowIfNull(bech);
        if (!TryDecode(bech, out var hrp, out var data, out var variant, out var error))
        {
            throw new AddressFormatException(error);
        }

        return (hrp, data, variant);
    }

    internal static bool TryDecode(string bech, out string hrp, out byte[] data, out Bech32Variant variant, out string error)
    {
        hrp = string.Empty;
        data = [];
        variant = default;
        error = CheckShape(bech);
        if (error.Length != 0)
        {
            return false;
        }

        var separator = bech.LastIndexOf('1');
        var values = new byte[bech.Length - separator - 1];
        for (var i = 0; i < values.Length; i++)
        {
            var c = bech[separator + 1 + i];
            var value = c < 128 ? CharsetRev[c] : (sbyte)-1;
            if (value < 0)
            {
                var where = i >= values.Length - ChecksumLength ? "invalid character in checksum" : "invalid data character";
                error = $"{where} {Describe(c)} at position {separator + 1 + i}";
                return false;
            }

            values[i] = (byte)value;
        }

        // BIP 173, "Uppercase/lowercase": "The lowercase form is used when determining
        // a character's value for checksum purposes."
        var lowerHrp = bech[..separator].ToLowerInvariant();
        var check = Polymod(lowerHrp, values);
        if (check == Bech32Constant)
        {
            variant = Bech32Variant.Bech32;
        }
        else if (check == Bech32mConstant)
        {
            variant = Bech32Variant.Bech32m;
        }
        else
        {
            error = "invalid checksum";
            return false;
        }

        hrp = lowerHrp;
        data = values[..^ChecksumLength];
        return true;
    }

    /// <summary>BIP 173, "Bech32": length, separator, HRP range and case rules; empty if all hold.</summary>
    private static string CheckShape(string bech)
    {
        if (bech.Length == 0)
        {
            return "empty string";
        }

        if (bech.Length > MaxLength)
        {
            return $"overall max length exceeded ({bech.Length} > {MaxLength} characters)";
        }

        // "In case "1" is allowed inside the human-readable part, the last one in the string is the separator".
        var separator = bech.LastIndexOf('1');
        if (separator < 0)
        {
            return "no separator character";
        }

        if (separator == 0)
        {
            return "empty HRP";
        }

        for (var i = 0; i < separator; i++)
        {
            if (bech[i] is < (char)33 or > (char)126)
            {
                return $"HRP character out of range: {Describe(bech[i])} at position {i}";
            }
        }

        if (separator > MaxHrpLength)
        {
            return $"HRP too long ({separator} > {MaxHrpLength} characters)";
        }

        if (bech.Length - separator - 1 < ChecksumLength)
        {
            return "too short checksum";
        }

        // "Decoders MUST NOT accept strings where some characters are uppercase and some are lowercase".
        bool hasLower = false, hasUpper = false;
        foreach (var c in bech)
        {
            hasLower |= c is >= 'a' and <= 'z';
            hasUpper |= c is >= 'A' and <= 'Z';
        }

        return hasLower && hasUpper ? "mixed case" : string.Empty;
    }

    private static uint CreateChecksum(string hrp, ReadOnlySpan<byte> data, Bech32Variant variant)
    {
        // BIP 173 bech32_create_checksum: polymod over hrp_expand + data + six zeroes, xor the constant.
        Span<byte> withZeros = stackalloc byte[data.Length + ChecksumLength];
        data.CopyTo(withZeros);
        withZeros[data.Length..].Clear();
        return Polymod(hrp, withZeros) ^ (variant == Bech32Variant.Bech32m ? Bech32mConstant : Bech32Constant);
    }

    /// <summary>BIP 173 <c>bech32_polymod(bech32_hrp_expand(hrp) + values)</c>.</summary>
    private static uint Polymod(string hrp, ReadOnlySpan<byte> values)
    {
        uint chk = 1;
        foreach (var c in hrp)
        {
            chk = Step(chk, (uint)(c >> 5));
        }

        chk = Step(chk, 0);
        foreach (var c in hrp)
        {
            chk = Step(chk, (uint)(c & 31));
        }

        foreach (var value in values)
        {
            chk = Step(chk, value);
        }

        return chk;
    }

    private static uint Step(uint chk, uint value)
    {
        var top = chk >> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ value;
        for (var i = 0; i < 5; i++)
        {
            if (((top >> i) & 1) != 0)
            {
                chk ^= Generator[i];
            }
        }

        return chk;
    }

    private static sbyte[] BuildReverseCharset()
    {
        var table = new sbyte[128];
        Array.Fill(table, (sbyte)-1);
        for (var i = 0; i < Charset.Length; i++)
        {
            table[Charset[i]] = (sbyte)i;
            table[char.ToUpperInvariant(Charset[i])] = (sbyte)i;
        }

        return table;
    }

    private static string Describe(char c) => c is >= (char)33 and <= (char)126 ? $"'{c}'" : $"U+{(int)c:X4}";
}
