using System.Buffers.Binary;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Wire;

/// <summary>BOLT 1, "Fundamental Types": fixed-width integers, truncated integers and fixed-size fields.</summary>
public class FundamentalTypeTests
{
    [Fact]
    public void Fixed_width_integers_are_big_endian()
    {
        var writer = new WireWriter();
        writer.WriteU16(0x0102);
        writer.WriteU32(0x03040506);
        writer.WriteU64(0x0708090a0b0c0d0e);

        Assert.Equal("0102" + "03040506" + "0708090a0b0c0d0e", Convert.ToHexStringLower(writer.WrittenSpan));
        var reader = new WireReader(writer.WrittenSpan);
        Assert.Equal(0x0102, reader.ReadU16());
        Assert.Equal(0x03040506u, reader.ReadU32());
        Assert.Equal(0x0708090a0b0c0d0eul, reader.ReadU64());
        reader.EnsureEnd();
    }

    [Theory]
    [InlineData(0ul, "")]
    [InlineData(1ul, "01")]
    [InlineData(255ul, "ff")]
    [InlineData(256ul, "0100")]
    [InlineData(0x1d24b2dfac520000ul, "1d24b2dfac520000")]
    [InlineData(ulong.MaxValue, "ffffffffffffffff")]
    public void Tu64_round_trips_minimally(ulong value, string hex)
    {
        var writer = new WireWriter();
        writer.WriteTu64(value);

        Assert.Equal(hex, Convert.ToHexStringLower(writer.WrittenSpan));
        var reader = new WireReader(writer.WrittenSpan);
        Assert.Equal(value, reader.ReadTu64());
        Assert.True(reader.IsAtEnd);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("0001")]
    [InlineData("00ffffffffffffff")]
    public void Truncated_integer_with_leading_zero_is_rejected(string hex)
    {
        var error = Assert.Throws<WireFormatException>(() => new WireReader(Convert.FromHexString(hex)).ReadTu64());

        Assert.Equal(WireFormatReason.NonMinimalTruncatedInteger, error.Reason);
    }

    [Theory]
    [InlineData("010203", 2)]
    [InlineData("0102030405", 4)]
    [InlineData("010203040506070809", 8)]
    public void Truncated_integer_wider_than_its_type_is_rejected(string hex, int width)
    {
        byte[] bytes = Convert.FromHexString(hex);
        var error = Assert.Throws<WireFormatException>(() =>
        {
            var reader = new WireReader(bytes);
            _ = width switch { 2 => reader.ReadTu16(), 4 => reader.ReadTu32(), _ => reader.ReadTu64() };
        });

        Assert.Equal(WireFormatReason.TruncatedIntegerTooLong, error.Reason);
    }

    [Fact]
    public void Tu16_and_tu32_accept_their_full_width()
    {
        Assert.Equal(0xffff, new WireReader([0xff, 0xff]).ReadTu16());
        Assert.Equal(0x01000000u, new WireReader([0x01, 0x00, 0x00, 0x00]).ReadTu32());
    }

    [Fact]
    public void Reads_past_the_end_are_truncated_errors()
    {
        Assert.Equal(WireFormatReason.Truncated, Assert.Throws<WireFormatException>(() => new WireReader([1]).ReadU16()).Reason);
        Assert.Equal(WireFormatReason.Truncated, Assert.Throws<WireFormatException>(() => new WireReader(new byte[32]).ReadPoint()).Reason);
        Assert.Equal(WireFormatReason.Truncated, Assert.Throws<WireFormatException>(() => new WireReader([0x00, 0x02, 0x01]).ReadU16PrefixedBytes()).Reason);
        Assert.Equal(WireFormatReason.TrailingBytes, Assert.Throws<WireFormatException>(() => new WireReader([1]).EnsureEnd()).Reason);
    }

    [Fact]
    public void Chain_hashes_are_the_genesis_header_hashes_unreversed()
    {
        // BOLT 0, "chain_hash": "Unlike bitcoin-cli, the hash is not reversed but is used directly".
        Assert.Equal(GenesisHash(1231006505, 0x1d00ffff, 2083236893), ChainHash.Bitcoin.ToArray());
        Assert.Equal(GenesisHash(1296688602, 0x207fffff, 2), ChainHash.Regtest.ToArray());
    }

    [Fact]
    public void Fixed_size_fields_check_their_length_and_compare_by_kind_and_bytes()
    {
        Assert.Throws<ArgumentException>(() => new Point(new byte[32]));
        Assert.Throws<ArgumentException>(() => new CompactSignature(new byte[65]));
        var bytes = new byte[32];
        Assert.Equal(new ChannelId(bytes), ChannelId.All);
        Assert.True(ChannelId.All.IsAll);
        Assert.True(Secret.Zero.IsZero);
        Assert.False(new ChannelId(bytes).Equals(new Sha256Hash(bytes)));
        Assert.True(SampleMessages.LocalFundingPubkey.HasCompressedPrefix);
    }

    [Fact]
    public void Fixed_size_fields_copy_their_input()
    {
        byte[] bytes = new byte[32];
        var id = new ChannelId(bytes);
        bytes[0] = 1;

        Assert.True(id.IsAll);
    }

    [Fact]
    public void Short_channel_id_splits_into_block_transaction_and_output()
    {
        var scid = ShortChannelId.FromParts(539_268, 845, 1);

        Assert.Equal("539268x845x1", scid.ToString());
        Assert.Equal(539_268u, scid.BlockHeight);
        Assert.Equal(845u, scid.TransactionIndex);
        Assert.Equal(1, scid.OutputIndex);
        Assert.Throws<ArgumentOutOfRangeException>(() => ShortChannelId.FromParts(1 << 24, 0, 0));
    }

    private static byte[] GenesisHash(uint time, uint bits, uint nonce)
    {
        byte[] header = new byte[80];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 1);
        Convert.FromHexString("3ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a").CopyTo(header, 36);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(68), time);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(72), bits);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(76), nonce);
        return Hashes.Hash256(header);
    }
}
