using Microchannels.Bitcoin.Addresses;

namespace Microchannels.Bitcoin.Tests.Addresses;

public class Bech32ConvertBitsTests
{
    [Fact]
    public void Bytes_to_five_bit_groups_and_back_round_trip_for_every_length()
    {
        var random = new Random(173);
        for (var length = 0; length <= 65; length++)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);

            var fives = Bech32.ConvertBits(bytes, 8, 5, true);
            Assert.Equal(((length * 8) + 4) / 5, fives.Length);
            Assert.All(fives, value => Assert.InRange(value, (byte)0, (byte)31));
            Assert.Equal(bytes, Bech32.ConvertBits(fives, 5, 8, false));
        }
    }

    [Fact]
    public void Known_conversion_matches_the_bip173_p2wpkh_vector()
    {
        // BIP 173's first segwit vector: program 751e76e8...433bd6, data "w508d6qejxtdg4y5r3zarvary0c5xw7k".
        var program = Convert.FromHexString("751e76e8199196d454941c45d1b3a323f1433bd6");
        var expected = "w508d6qejxtdg4y5r3zarvary0c5xw7k".Select(c => (byte)"qpzry9x8gf2tvdw0s3jn54khce6mua7l".IndexOf(c, StringComparison.Ordinal));
        Assert.Equal(expected, Bech32.ConvertBits(program, 8, 5, true));
    }

    [Fact]
    public void Value_wider_than_from_bits_is_rejected()
    {
        var ex = Assert.Throws<AddressFormatException>(() => Bech32.ConvertBits([1, 32], 5, 8, true));
        Assert.Equal("value 32 does not fit in 5 bits", ex.Message);
    }

    [Fact]
    public void Five_leftover_bits_are_excess_padding()
    {
        // One 5-bit group cannot make a byte: a group of 5 zero bits is more padding than allowed.
        var ex = Assert.Throws<AddressFormatException>(() => Bech32.ConvertBits([0], 5, 8, false));
        Assert.Equal("zero padding of more than 4 bits", ex.Message);
    }

    [Fact]
    public void Non_zero_leftover_bits_are_rejected()
    {
        // 10 bits: one byte (0x00) and 2 leftover bits "01".
        var ex = Assert.Throws<AddressFormatException>(() => Bech32.ConvertBits([0, 1], 5, 8, false));
        Assert.Equal("non-zero padding", ex.Message);
    }

    [Fact]
    public void Zero_leftover_bits_under_from_bits_are_accepted()
    {
        Assert.Equal([0x00], Bech32.ConvertBits([0, 0], 5, 8, false));
        Assert.Equal([0xff], Bech32.ConvertBits([31, 28], 5, 8, false));
    }

    [Fact]
    public void Padding_fills_the_last_group_with_zeroes()
    {
        Assert.Equal([31, 28], Bech32.ConvertBits([0xff], 8, 5, true));
        Assert.Equal([31], Bech32.ConvertBits([0xf8], 8, 5, false));
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(9, 5)]
    [InlineData(8, 0)]
    [InlineData(8, 9)]
    public void Bit_widths_outside_one_to_eight_are_argument_errors(int fromBits, int toBits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Bech32.ConvertBits([1], fromBits, toBits, true));
    }
}
