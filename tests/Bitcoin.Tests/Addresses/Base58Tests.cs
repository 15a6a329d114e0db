using System.Text.Json;
using Microchannels.Bitcoin.Addresses;

namespace Microchannels.Bitcoin.Tests.Addresses;

public class Base58Tests
{
    /// <summary>Bitcoin Core's base58_encode_decode.json: rows of [hex, base58].</summary>
    public static TheoryData<string, string> EncodeDecodeVectors
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "spec", "bitcoin-core", "base58_encode_decode.json");
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var data = new TheoryData<string, string>();
            foreach (var row in document.RootElement.EnumerateArray())
            {
                Assert.Equal(2, row.GetArrayLength());
                data.Add(row[0].GetString()!, row[1].GetString()!);
            }

            return data;
        }
    }

    [Fact]
    public void Every_row_of_the_file_is_a_test_case()
    {
        Assert.Equal(21, ((IEnumerable<object?[]>)EncodeDecodeVectors).Count());
    }

    [Theory]
    [MemberData(nameof(EncodeDecodeVectors))]
    public void Vector_encodes_and_decodes(string hex, string base58)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.Equal(base58, Base58.Encode(bytes));
        Assert.Equal(bytes, Base58.Decode(base58));
    }

    [Theory]
    [InlineData("0", '0')]
    [InlineData("1O", 'O')]
    [InlineData("I11", 'I')]
    [InlineData("2l", 'l')]
    [InlineData("3+", '+')]
    public void Character_outside_the_alphabet_is_rejected(string text, char bad)
    {
        var ex = Assert.Throws<AddressFormatException>(() => Base58.Decode(text));
        Assert.StartsWith($"invalid base58 character '{bad}'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" 2g")]
    [InlineData("2g ")]
    [InlineData("2g\n")]
    [InlineData("2g\0")]
    [InlineData("2g\u00e9")]
    [InlineData("\u0662g")]
    public void Whitespace_control_and_non_ascii_characters_are_rejected(string text)
    {
        // Strict on purpose: Bitcoin Core trims surrounding whitespace, we leave that to the UI.
        var ex = Assert.Throws<AddressFormatException>(() => Base58.Decode(text));
        Assert.StartsWith("invalid base58 character", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Leading_ones_are_leading_zero_bytes_and_nothing_else()
    {
        Assert.Equal(new byte[3], Base58.Decode("111"));
        Assert.Equal([0, 0, 57], Base58.Decode("11z"));
        Assert.Equal("11z", Base58.Encode([0, 0, 57]));
        Assert.Equal(string.Empty, Base58.Encode([]));
    }

    [Fact]
    public void Random_bytes_round_trip()
    {
        var random = new Random(58);
        for (var length = 0; length < 80; length++)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            if (length > 2)
            {
                bytes[0] = 0; // exercise leading zeros too
            }

            Assert.Equal(bytes, Base58.Decode(Base58.Encode(bytes)));
        }
    }

    [Fact]
    public void Base58check_round_trips_and_rejects_a_changed_character()
    {
        var payload = Convert.FromHexString("00751e76e8199196d454941c45d1b3a323f1433bd6");
        var text = Base58Check.Encode(payload);
        Assert.Equal("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH", text);
        Assert.Equal(payload, Base58Check.Decode(text));

        var altered = text[..^1] + (text[^1] == 'H' ? 'J' : 'H');
        var ex = Assert.Throws<AddressFormatException>(() => Base58Check.Decode(altered));
        Assert.Equal("invalid base58check checksum", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("111")]
    [InlineData("2g")]
    public void Base58check_shorter_than_the_checksum_is_rejected(string text)
    {
        var ex = Assert.Throws<AddressFormatException>(() => Base58Check.Decode(text));
        Assert.StartsWith("base58check data too short", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Base58check_of_an_empty_payload_is_just_the_checksum()
    {
        Assert.Empty(Base58Check.Decode(Base58Check.Encode([])));
    }

    [Fact]
    public void Null_input_is_an_argument_error()
    {
        Assert.Throws<ArgumentNullException>(() => Base58.Decode(null!));
        Assert.Throws<ArgumentNullException>(() => Base58Check.Decode(null!));
    }
}
