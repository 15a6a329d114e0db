using Microchannels.Bitcoin.Addresses;

namespace Microchannels.Bitcoin.Tests.Addresses;

public class Bech32Tests
{
    private const string P2wpkh = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";

    [Theory]
    [MemberData(nameof(Bip173Vectors.ValidBech32), MemberType = typeof(Bip173Vectors))]
    public void Bip173_valid_string_decodes_as_bech32_and_reencodes_in_lowercase(string bech)
    {
        var (hrp, data, variant) = Bech32.Decode(bech);

        // BIP 350: "No string can be simultaneously valid Bech32 and Bech32m".
        Assert.Equal(Bech32Variant.Bech32, variant);
        Assert.Equal(bech.ToLowerInvariant(), Bech32.Encode(hrp, data, variant));
    }

    [Theory]
    [MemberData(nameof(Bip350Vectors.ValidBech32m), MemberType = typeof(Bip350Vectors))]
    public void Bip350_valid_string_decodes_as_bech32m_and_reencodes_in_lowercase(string bech)
    {
        var (hrp, data, variant) = Bech32.Decode(bech);

        Assert.Equal(Bech32Variant.Bech32m, variant);
        Assert.Equal(bech.ToLowerInvariant(), Bech32.Encode(hrp, data, variant));
    }

    [Theory]
    [MemberData(nameof(Bip173Vectors.InvalidBech32), MemberType = typeof(Bip173Vectors))]
    [MemberData(nameof(Bip350Vectors.InvalidBech32m), MemberType = typeof(Bip350Vectors))]
    public void Bip_invalid_string_is_rejected_for_its_stated_reason(string bech, string bipReason, string expectedMessage)
    {
        var ex = Assert.Throws<AddressFormatException>(() => Bech32.Decode(bech));
        Assert.True(ex.Message.StartsWith(expectedMessage, StringComparison.Ordinal), $"BIP reason '{bipReason}', got '{ex.Message}'");
    }

    [Fact]
    public void Empty_string_is_rejected()
    {
        var ex = Assert.Throws<AddressFormatException>(() => Bech32.Decode(string.Empty));
        Assert.Equal("empty string", ex.Message);
    }

    [Fact]
    public void String_of_91_characters_is_rejected_even_with_a_valid_checksum()
    {
        // An HRP of 84 characters: everything else well-formed, checksum valid.
        var hrp = new string('a', 84);
        var bech = hrp + "1" + ChecksumOnly(hrp, Bech32Variant.Bech32);
        Assert.Equal(91, bech.Length);

        var ex = Assert.Throws<AddressFormatException>(() => Bech32.Decode(bech));
        Assert.StartsWith("overall max length exceeded", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Very_long_input_is_rejected_on_length_alone()
    {
        var ex = Assert.Throws<AddressFormatException>(() => Bech32.Decode(new string('q', 1_000_000)));
        Assert.StartsWith("overall max length exceeded", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hrp_of_84_characters_within_90_total_is_rejected()
    {
        var ex = Assert.Throws<AddressFormatException>(() => Bech32.Decode(new string('a', 84) + "1qqqqq"));
        Assert.StartsWith("HRP too long", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bc1Qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")]
    [InlineData("Bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")]
    [InlineData("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3t4")]
    public void Mixed_case_is_rejected(string bech)
    {
        var ex = Assert.Throws<AddressFormatException>(() => Bech32.Decode(bech));
        Assert.Equal("mixed case", ex.Message);
    }

    [Fact]
    public void String_without_separator_is_rejected()
    {
        var ex = Assert.Throws<AddressFormatException>(() => Bech32.Decode(P2wpkh.Replace("1", string.Empty, StringComparison.Ordinal)));
        Assert.Equal("no separator character", ex.Message);
    }

    [Theory]
    [InlineData('b')]
    [InlineData('i')]
    [InlineData('o')]
    public void Character_outside_the_charset_in_the_data_is_rejected(char bad)
    {
        // Position 5 is data, well before the checksum.
        var bech = P2wpkh[..5] + bad + P2wpkh[6..];
        var ex = Assert.Throws<AddressFormatException>(() => Bech32.Decode(bech));
        Assert.StartsWith($"invalid data character '{bad}' at position 5", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData('b')]
    [InlineData('i')]
    [InlineData('o')]
    public void Character_outside_the_charset_in_the_checksum_is_rejected(char bad)
    {
        var bech = P2wpkh[..^1] + bad;
        var ex = Assert.Throws<AddressFormatException>(() => Bech32.Decode(bech));
        Assert.StartsWith($"invalid character in checksum '{bad}'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t\u00e9", "invalid character in checksum U+00E9")]
    [InlineData("bc1q\u00e9508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "invalid data character U+00E9")]
    [InlineData("b\u00e71qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "HRP character out of range: U+00E7")]
    [InlineData("bc1qw508d6qejxtdg4y5r3zarvary0c5\ud83d\ude00kv8f3t4", "invalid data character U+D83D")]
    [InlineData("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t\u0000", "invalid character in checksum U+0000")]
    [InlineData("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t\u0131", "invalid character in checksum U+0131")]
    public void Non_ascii_input_is_rejected(string bech, string expectedMessage)
    {
        var ex = Assert.Throws<AddressFormatException>(() => Bech32.Decode(bech));
        Assert.StartsWith(expectedMessage, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flipping_any_single_data_character_breaks_the_checksum()
    {
        // BIP 173: the code "guarantees detection of any error affecting at most 4 characters".
        const string charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
        for (var i = 3; i < P2wpkh.Length; i++)
        {
            foreach (var c in charset)
            {
                if (c == P2wpkh[i])
                {
                    continue;
                }

                var mutated = P2wpkh[..i] + c + P2wpkh[(i + 1)..];
                var ex = Assert.Throws<AddressFormatException>(() => Bech32.Decode(mutated));
                Assert.Equal("invalid checksum", ex.Message);
            }
        }
    }

    [Fact]
    public void Encode_then_decode_round_trips_every_value_and_both_variants()
    {
        var data = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        foreach (var variant in new[] { Bech32Variant.Bech32, Bech32Variant.Bech32m })
        {
            var text = Bech32.Encode("test", data, variant);
            var decoded = Bech32.Decode(text);
            Assert.Equal("test", decoded.Hrp);
            Assert.Equal(data, decoded.Data5bit);
            Assert.Equal(variant, decoded.Variant);
        }
    }

    [Fact]
    public void Decoding_uppercase_returns_the_lowercase_hrp()
    {
        Assert.Equal("bc", Bech32.Decode(P2wpkh.ToUpperInvariant()).Hrp);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bc")]
    [InlineData("b c")]
    [InlineData("b\u00e9")]
    public void Encode_rejects_an_invalid_hrp(string hrp)
    {
        Assert.Throws<ArgumentException>(() => Bech32.Encode(hrp, [0, 1, 2], Bech32Variant.Bech32));
    }

    [Fact]
    public void Encode_rejects_values_above_31_and_output_over_90_characters()
    {
        Assert.Throws<ArgumentException>(() => Bech32.Encode("bc", [0, 32], Bech32Variant.Bech32));
        Assert.Throws<ArgumentException>(() => Bech32.Encode("bc", new byte[82], Bech32Variant.Bech32));
        Assert.Equal(90, Bech32.Encode("bc", new byte[81], Bech32Variant.Bech32).Length);
        Assert.Throws<ArgumentException>(() => Bech32.Encode(new string('a', 84), [], Bech32Variant.Bech32));
    }

    [Fact]
    public void Null_input_is_an_argument_error()
    {
        Assert.Throws<ArgumentNullException>(() => Bech32.Decode(null!));
    }

    /// <summary>The data part of a string with no data: just the checksum of <paramref name="hrp"/>.</summary>
    private static string ChecksumOnly(string hrp, Bech32Variant variant)
    {
        // Encode refuses an HRP over 83 characters, so this follows BIP 173's
        // bech32_create_checksum directly.
        var values = new List<int>();
        values.AddRange(hrp.Select(c => c >> 5));
        values.Add(0);
        values.AddRange(hrp.Select(c => c & 31));
        values.AddRange(new int[6]);
        var polymod = Polymod(values) ^ (variant == Bech32Variant.Bech32m ? 0x2bc830a3u : 1u);
        return new string(Enumerable.Range(0, 6).Select(i => "qpzry9x8gf2tvdw0s3jn54khce6mua7l"[(int)(polymod >> (5 * (5 - i))) & 31]).ToArray());
    }

    private static uint Polymod(IEnumerable<int> values)
    {
        uint[] gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
        uint chk = 1;
        foreach (var v in values)
        {
            var b = chk >> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ (uint)v;
            for (var i = 0; i < 5; i++)
            {
                chk ^= ((b >> i) & 1) != 0 ? gen[i] : 0;
            }
        }

        return chk;
    }
}
