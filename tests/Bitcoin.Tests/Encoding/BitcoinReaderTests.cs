using Microchannels.Bitcoin.Encoding;

namespace Microchannels.Bitcoin.Tests.Encoding;

public class BitcoinReaderTests
{
    [Theory]
    [InlineData("00", 0UL)]
    [InlineData("fc", 0xfcUL)]
    [InlineData("fdfd00", 0xfdUL)]
    [InlineData("fdffff", 0xffffUL)]
    [InlineData("fe00000100", 0x10000UL)]
    [InlineData("ff0000000001000000", 0x100000000UL)]
    public void VarInt_round_trips_canonical_encodings(string hex, ulong value)
    {
        var reader = new BitcoinReader(Convert.FromHexString(hex));
        Assert.Equal(value, reader.ReadVarInt());
        Assert.True(reader.IsAtEnd);

        var writer = new BitcoinWriter();
        writer.WriteVarInt(value);
        Assert.Equal(hex, Convert.ToHexStringLower(writer.ToArray()));
        Assert.Equal(hex.Length / 2, BitcoinWriter.VarIntSize(value));
    }

    [Theory]
    [InlineData("fdfc00")]
    [InlineData("feffff0000")]
    [InlineData("ffffffffff00000000")]
    public void VarInt_rejects_non_canonical_encodings(string hex)
    {
        Assert.Throws<BitcoinFormatException>(() => new BitcoinReader(Convert.FromHexString(hex)).ReadVarInt());
    }

    [Theory]
    [InlineData("")]
    [InlineData("fd00")]
    [InlineData("fe000001")]
    [InlineData("ff00000000010000")]
    public void VarInt_rejects_truncation(string hex)
    {
        Assert.Throws<BitcoinFormatException>(() => new BitcoinReader(Convert.FromHexString(hex)).ReadVarInt());
    }

    [Fact]
    public void VarBytes_claiming_gigabytes_is_rejected_before_allocation()
    {
        // 0xfe 0x00000040 = 1 GiB claimed, 3 bytes present.
        var data = Convert.FromHexString("fe00000040aabbcc");
        Assert.Throws<BitcoinFormatException>(() => new BitcoinReader(data).ReadVarBytes());
    }

    [Fact]
    public void Count_is_bounded_by_remaining_bytes_per_item()
    {
        var data = Convert.FromHexString("03" + new string('0', 2 * 16));
        Assert.Throws<BitcoinFormatException>(() => new BitcoinReader(data).ReadCount(minimumItemSize: 9));
        Assert.Equal(3, new BitcoinReader(data).ReadCount(minimumItemSize: 5));
    }

    [Fact]
    public void EnsureEnd_rejects_trailing_bytes()
    {
        Assert.Throws<BitcoinFormatException>(() =>
        {
            var reader = new BitcoinReader([1, 2]);
            reader.ReadByte();
            reader.EnsureEnd();
        });
    }
}
