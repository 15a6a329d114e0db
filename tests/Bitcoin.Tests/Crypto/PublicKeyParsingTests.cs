using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Bitcoin.Tests.Crypto;

public class PublicKeyParsingTests
{
    private const string GCompressed = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    private const string GX = "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    private const string GY = "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8";

    // p, the field prime (SEC 2, section 2.4.1).
    private const string P = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f";

    [Fact]
    public void Uncompressed_G_parses_and_serializes_compressed()
    {
        var key = PublicKey.FromBytes(Convert.FromHexString("04" + GX + GY));

        Assert.Equal(GCompressed, key.ToString());
        Assert.Equal(GCompressed, Convert.ToHexStringLower(key.ToBytes()));
        Assert.Equal(key, PublicKey.FromBytes(Convert.FromHexString(GCompressed)));
    }

    [Fact]
    public void Odd_y_serializes_with_prefix_03()
    {
        // -G has the same x and odd y.
        using var minusOne = PrivateKey.FromBytes(Convert.FromHexString("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140"));

        Assert.Equal("03" + GX, minusOne.PublicKey.ToString());
        Assert.Equal(minusOne.PublicKey, PublicKey.FromBytes(Convert.FromHexString("03" + GX)));
    }

    [Fact]
    public void Compressed_key_round_trips_and_spans_agree()
    {
        var bytes = Convert.FromHexString(GCompressed);
        var key = PublicKey.FromBytes(bytes);

        Assert.Equal(bytes, key.ToBytes());
        Assert.Equal(bytes, key.Span.ToArray());
        Assert.Equal(bytes, key.AsSpan().ToArray());
        Assert.NotSame(key.ToBytes(), key.ToBytes());
    }

    [Fact]
    public void X_equal_to_one_is_on_the_curve()
    {
        // 1 + 7 = 8 is a square mod p, so 02 || 00..01 is a valid point: the
        // off-curve cases below fail for the reason they claim, not for a small x.
        Assert.True(PublicKey.TryFromBytes(Convert.FromHexString("02" + new string('0', 63) + "1"), out _));
    }

    [Theory]
    [InlineData("02" + "0000000000000000000000000000000000000000000000000000000000000005")] // 5^3 + 7 = 132 is not a square mod p
    [InlineData("02" + "0000000000000000000000000000000000000000000000000000000000000000")] // x = 0: 7 is not a square mod p
    [InlineData("02" + P)] // x = p is not a field element
    [InlineData("03" + "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")] // x > p
    [InlineData("04" + GX + "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b9")] // y + 1
    [InlineData("04" + GX + GX)] // y = x is not G's y
    public void Off_curve_points_throw_InvalidKeyException(string hex)
    {
        Assert.Throws<InvalidKeyException>(() => PublicKey.FromBytes(Convert.FromHexString(hex)));
        Assert.False(PublicKey.TryFromBytes(Convert.FromHexString(hex), out var key));
        Assert.Null(key);
    }

    [Theory]
    [InlineData("05" + GX)]
    [InlineData("00" + GX)]
    [InlineData("04" + GX)] // uncompressed prefix on a 33-byte key
    [InlineData("02" + GX + GY)] // compressed prefix on a 65-byte key
    [InlineData("06" + GX + GY)] // hybrid, even: accepted by libsecp256k1, rejected here
    [InlineData("07" + GX + GY)] // hybrid, odd
    public void Bad_prefixes_throw_InvalidKeyException(string hex)
    {
        var error = Assert.Throws<InvalidKeyException>(() => PublicKey.FromBytes(Convert.FromHexString(hex)));
        Assert.Contains("starting", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(34)]
    [InlineData(64)]
    [InlineData(66)]
    public void Wrong_lengths_throw_InvalidKeyException(int length)
    {
        var bytes = new byte[length];
        if (length > 0)
        {
            bytes[0] = 0x02;
        }

        Assert.Throws<InvalidKeyException>(() => PublicKey.FromBytes(bytes));
        Assert.False(PublicKey.TryFromBytes(bytes, out _));
    }

    [Fact]
    public void Ordering_is_lexicographic_over_compressed_bytes()
    {
        // BOLT 3, "Funding Transaction Output": pubkey1 is the lexicographically lesser.
        var even = PublicKey.FromBytes(Convert.FromHexString("02" + GX));
        var odd = PublicKey.FromBytes(Convert.FromHexString("03" + GX));
        var twoG = PublicKey.FromBytes(Convert.FromHexString("02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5"));

        Assert.True(even.CompareTo(twoG) < 0); // 0279.. < 02c6..
        Assert.True(twoG.CompareTo(odd) < 0); // 02c6.. < 0379..
        Assert.Equal(0, even.CompareTo(PublicKey.FromBytes(Convert.FromHexString("02" + GX))));
        Assert.True(even.CompareTo(null) > 0);
        Assert.Equal([even, twoG, odd], new[] { odd, even, twoG }.Order().ToArray());
    }

    [Fact]
    public void Equality_and_hash_follow_the_bytes()
    {
        var a = PublicKey.FromBytes(Convert.FromHexString(GCompressed));
        var b = PublicKey.FromBytes(Convert.FromHexString("04" + GX + GY));

        Assert.True(a.Equals(b));
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.False(a.Equals(null));
    }
}
