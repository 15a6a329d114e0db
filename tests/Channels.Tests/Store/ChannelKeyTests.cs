using Microchannels.Channels.Store;

namespace Microchannels.Channels.Tests.Store;

public class ChannelKeyTests
{
    private static readonly byte[] Bytes = Convert.FromHexString("c2a7f0e0b2cc5bbbd8a5c5a4d3e1a4c7f0f1e2d3c4b5a69788796a5b4c3d2e1f");

    [Fact]
    public void Round_trips_its_bytes_and_prints_them_as_lower_case_hex()
    {
        var key = new ChannelKey(Bytes);

        Assert.Equal(Bytes, key.ToArray());
        Assert.Equal("c2a7f0e0b2cc5bbbd8a5c5a4d3e1a4c7f0f1e2d3c4b5a69788796a5b4c3d2e1f", key.ToString());
    }

    [Fact]
    public void Keys_are_equal_exactly_when_every_byte_is()
    {
        var key = new ChannelKey(Bytes);
        var same = new ChannelKey((byte[])Bytes.Clone());
        for (int i = 0; i < ChannelKey.Size; i++)
        {
            var changed = (byte[])Bytes.Clone();
            changed[i] ^= 0x01;
            var other = new ChannelKey(changed);
            Assert.NotEqual(key, other);
            Assert.True(key != other);
        }

        Assert.Equal(key, same);
        Assert.True(key == same);
        Assert.Equal(key.GetHashCode(), same.GetHashCode());
        Assert.True(key.Equals((object)same));
        Assert.False(key.Equals(Bytes));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Wrong_length_is_refused(int length) =>
        Assert.Throws<ArgumentException>(() => new ChannelKey(new byte[length]));

    [Fact]
    public void Copy_into_a_short_buffer_is_refused() =>
        Assert.Throws<ArgumentException>(() => new ChannelKey(Bytes).CopyTo(new byte[31]));
}
