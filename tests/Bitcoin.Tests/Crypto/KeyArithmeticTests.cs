using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Bitcoin.Tests.Crypto;

public class KeyArithmeticTests
{
    private const string OrderHex = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
    private const string GHex = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    private const string TwoGHex = "02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5";
    private const string ThreeGHex = "02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9";

    private static byte[] Scalar(int value)
    {
        var bytes = new byte[32];
        bytes[31] = (byte)value;
        return bytes;
    }

    private static PrivateKey Key(byte fill) => PrivateKey.FromBytes(Enumerable.Repeat(fill, 32).ToArray());

    [Fact]
    public void Small_scalars_give_the_known_multiples_of_G()
    {
        using var one = PrivateKey.FromBytes(Scalar(1));
        using var two = PrivateKey.FromBytes(Scalar(2));
        using var three = PrivateKey.FromBytes(Scalar(3));

        Assert.Equal(GHex, one.PublicKey.ToString());
        Assert.Equal(TwoGHex, two.PublicKey.ToString());
        Assert.Equal(ThreeGHex, three.PublicKey.ToString());
    }

    [Fact]
    public void TweakAdd_on_the_secret_matches_TweakAdd_on_the_point()
    {
        using var key = Key(0x31);
        var tweak = Hashes.Sha256("per-commitment point || basepoint"u8);

        using var tweaked = key.TweakAdd(tweak);

        Assert.Equal(tweaked.PublicKey, key.PublicKey.TweakAdd(tweak));
    }

    [Fact]
    public void TweakMultiply_on_the_secret_matches_TweakMultiply_on_the_point()
    {
        using var key = Key(0x31);
        var tweak = Hashes.Sha256("revocation basepoint || per-commitment point"u8);

        using var tweaked = key.TweakMultiply(tweak);

        Assert.Equal(tweaked.PublicKey, key.PublicKey.TweakMultiply(tweak));
    }

    [Fact]
    public void Sum_of_secrets_has_the_sum_of_points_as_public_key()
    {
        using var a = Key(0x0a);
        using var b = Key(0x0b);

        using var sum = a.Add(b);

        Assert.Equal(sum.PublicKey, a.PublicKey.Add(b.PublicKey));
        Assert.Equal(sum.PublicKey, PublicKey.Combine([a.PublicKey, b.PublicKey]));
    }

    [Fact]
    public void Combine_of_G_G_G_is_3G_and_of_one_key_is_that_key()
    {
        var g = PublicKey.FromBytes(Convert.FromHexString(GHex));

        Assert.Equal(ThreeGHex, PublicKey.Combine([g, g, g]).ToString());
        Assert.Equal(g, PublicKey.Combine([g]));
    }

    [Fact]
    public void Combine_of_many_keys_uses_the_heap_path_and_still_adds()
    {
        // Above 8 keys the pointer table moves off the stack; 12·G by addition
        // must equal 12·G by multiplication.
        var g = PublicKey.FromBytes(Convert.FromHexString(GHex));
        using var twelve = PrivateKey.FromBytes(Scalar(12));

        Assert.Equal(twelve.PublicKey, PublicKey.Combine(Enumerable.Repeat(g, 12).ToArray()));
    }

    [Fact]
    public void Combine_of_no_keys_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => PublicKey.Combine([]));
    }

    [Fact]
    public void Negate_then_add_is_zero_and_throws_InvalidKeyException()
    {
        using var a = Key(0x0a);
        using var minusA = a.Negate();

        Assert.Throws<InvalidKeyException>(() => a.Add(minusA));
        Assert.Throws<InvalidKeyException>(() => a.PublicKey.Add(minusA.PublicKey));
        Assert.NotEqual(a.PublicKey, minusA.PublicKey);
        Assert.Equal(a.PublicKey.Span[1..].ToArray(), minusA.PublicKey.Span[1..].ToArray()); // same x, other y
    }

    [Fact]
    public void Negate_of_one_is_n_minus_one()
    {
        using var one = PrivateKey.FromBytes(Scalar(1));

        using var minusOne = one.Negate();

        Assert.Equal("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140", Convert.ToHexStringLower(minusOne.ToBytes()));
    }

    [Fact]
    public void TweakAdd_that_reaches_zero_throws_InvalidKeyException()
    {
        using var one = PrivateKey.FromBytes(Scalar(1));
        var minusOne = Convert.FromHexString("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140");

        Assert.Throws<InvalidKeyException>(() => one.TweakAdd(minusOne));
        Assert.Throws<InvalidKeyException>(() => one.PublicKey.TweakAdd(minusOne)); // G + (n-1)G = infinity
    }

    [Theory]
    [InlineData(OrderHex)]
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    public void Tweak_not_below_the_order_throws_InvalidKeyException(string tweakHex)
    {
        using var key = Key(0x31);
        var tweak = Convert.FromHexString(tweakHex);

        Assert.Throws<InvalidKeyException>(() => key.TweakAdd(tweak));
        Assert.Throws<InvalidKeyException>(() => key.TweakMultiply(tweak));
        Assert.Throws<InvalidKeyException>(() => key.PublicKey.TweakAdd(tweak));
        Assert.Throws<InvalidKeyException>(() => key.PublicKey.TweakMultiply(tweak));
    }

    [Fact]
    public void Multiplying_by_zero_throws_InvalidKeyException()
    {
        using var key = Key(0x31);

        Assert.Throws<InvalidKeyException>(() => key.TweakMultiply(new byte[32]));
        Assert.Throws<InvalidKeyException>(() => key.PublicKey.TweakMultiply(new byte[32]));
    }

    [Fact]
    public void Adding_zero_tweak_returns_the_same_key()
    {
        using var key = Key(0x31);

        using var same = key.TweakAdd(new byte[32]);

        Assert.Equal(key, same);
        Assert.Equal(key.PublicKey, key.PublicKey.TweakAdd(new byte[32]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Tweak_that_is_not_32_bytes_is_an_argument_error(int length)
    {
        using var key = Key(0x31);
        var tweak = new byte[length];

        Assert.Equal("tweak32", Assert.Throws<ArgumentException>(() => key.TweakAdd(tweak)).ParamName);
        Assert.Equal("tweak32", Assert.Throws<ArgumentException>(() => key.TweakMultiply(tweak)).ParamName);
        Assert.Equal("tweak32", Assert.Throws<ArgumentException>(() => key.PublicKey.TweakAdd(tweak)).ParamName);
        Assert.Equal("tweak32", Assert.Throws<ArgumentException>(() => key.PublicKey.TweakMultiply(tweak)).ParamName);
    }

    [Fact]
    public void Tweaks_leave_the_original_key_unchanged()
    {
        using var key = Key(0x31);
        var before = key.ToBytes();
        var publicBefore = key.PublicKey.ToString();

        using var added = key.TweakAdd(Scalar(5));
        using var multiplied = key.TweakMultiply(Scalar(5));
        using var negated = key.Negate();
        _ = key.PublicKey.TweakAdd(Scalar(5));

        Assert.Equal(before, key.ToBytes());
        Assert.Equal(publicBefore, key.PublicKey.ToString());
    }
}
