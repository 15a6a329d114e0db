using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Wire;

/// <summary>BOLT 1/BOLT 9 feature vectors: big-endian, bit 0 is the last byte's least-significant bit.</summary>
public class FeatureBitsTests
{
    [Theory]
    [InlineData(new int[0], "")]
    [InlineData(new[] { 0 }, "01")]
    [InlineData(new[] { 1 }, "02")]
    [InlineData(new[] { 12 }, "1000")]
    [InlineData(new[] { 13 }, "2000")]
    [InlineData(new[] { 1, 12 }, "1002")]
    [InlineData(new[] { 12, 46 }, "400000001000")] // channel_type static_remotekey + scid_alias
    public void FromBits_writes_the_minimal_big_endian_vector(int[] bits, string hex)
    {
        var features = FeatureBits.FromBits(bits);

        Assert.Equal(hex, features.Bytes.ToHex());
        Assert.Equal(bits.Order(), features.SetBits());
    }

    [Fact]
    public void Our_feature_bit_needs_41_bytes()
    {
        var features = FeatureBits.FromBits(Features.StreamedTransfer.OptionalBit);

        Assert.Equal(41, features.Length);
        Assert.Equal(0x80, features.Bytes.Span[0]); // bit 327 = bit 7 of byte 40 from the end
        Assert.True(features.IsSet(327));
        Assert.False(features.IsSet(326));
    }

    [Fact]
    public void Received_padding_is_kept_so_the_message_re_encodes_exactly()
    {
        var padded = FeatureBits.FromBytes([0x00, 0x00, 0x20, 0x00]);

        Assert.Equal("00002000", padded.Bytes.ToHex());
        Assert.True(padded.IsSet(13));
        Assert.NotEqual(FeatureBits.FromBits(13), padded);
        Assert.Equal(FeatureBits.FromBits(13), padded.BitwiseOr(FeatureBits.Empty));
    }

    [Fact]
    public void Bits_beyond_the_vector_are_clear()
    {
        Assert.False(FeatureBits.Empty.IsSet(0));
        Assert.False(FeatureBits.FromBits(3).IsSet(1_000));
    }

    [Fact]
    public void Required_is_even_and_optional_is_odd()
    {
        var required = FeatureBits.FromBits(12);
        var optional = FeatureBits.FromBits(13);

        Assert.True(required.Requires(Features.StaticRemoteKey));
        Assert.True(required.Offers(Features.StaticRemoteKey));
        Assert.False(optional.Requires(Features.StaticRemoteKey));
        Assert.True(optional.Offers(Features.StaticRemoteKey));
        Assert.Throws<ArgumentException>(() => new Feature("odd", 13));
    }

    [Fact]
    public void With_Without_and_Or_combine_bits()
    {
        var features = FeatureBits.Empty.With(12).With(327).Without(12);

        Assert.Equal([327], features.SetBits());
        Assert.Equal([1, 12, 327], (features | FeatureBits.FromBits(1, 12)).SetBits());
        Assert.Throws<ArgumentOutOfRangeException>(() => features.With(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => features.With(FeatureBits.MaxBit + 1));
    }

    [Fact]
    public void Known_table_has_one_entry_per_bit_pair()
    {
        Assert.Equal(Features.Known.Count, Features.Known.Select(f => f.RequiredBit).Distinct().Count());
        Assert.Same(Features.StaticRemoteKey, Features.Find(13));
        Assert.Null(Features.Find(100));
        // bLIP 2: bits 0-255 belong to the BOLTs, 256-263 and 729 are taken by other bLIPs.
        Assert.InRange(Features.StreamedTransfer.RequiredBit, 264, 502);
    }
}
