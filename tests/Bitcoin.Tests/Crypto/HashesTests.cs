using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Bitcoin.Tests.Crypto;

public class HashesTests
{
    // The published RIPEMD-160 test vectors (Bosselaers, "The hash function RIPEMD-160").
    [Theory]
    [InlineData("", "9c1185a5c5e9fc54612808977ee8f548b2258d31")]
    [InlineData("a", "0bdc9d2d256b3ee9daae347be6f4dc835a467ffe")]
    [InlineData("abc", "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc")]
    [InlineData("message digest", "5d0689ef49d2fae572b881b123a85ffa21595f36")]
    [InlineData("abcdefghijklmnopqrstuvwxyz", "f71c27109c692c1b56bbdceb5b9d2865b3708dbc")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "12a053384a9c0c88e405a06c27dcf49ada62eb2b")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "b0e20b6e3116640286ed3a87a5713079b21f5189")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "9b752e45573d4b39f4dbd3323cab82bf63326bfb")]
    public void Ripemd160_matches_published_vectors(string message, string expectedHex)
    {
        var digest = Ripemd160.Hash(System.Text.Encoding.ASCII.GetBytes(message));
        Assert.Equal(expectedHex, Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void Ripemd160_of_a_million_a_matches_published_vector()
    {
        var data = new byte[1_000_000];
        Array.Fill(data, (byte)'a');
        Assert.Equal("52783243c1697bdbe16d37f97f68f08325dc1528", Convert.ToHexStringLower(Ripemd160.Hash(data)));
    }

    [Theory]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(119)]
    [InlineData(120)]
    public void Ripemd160_is_deterministic_and_sensitive_across_padding_boundaries(int length)
    {
        // Lengths around the 56-byte padding boundary take the two-block tail path;
        // hashing the same bytes twice must agree, and differ from a one-byte change.
        var data = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        var first = Ripemd160.Hash(data);
        Assert.Equal(first, Ripemd160.Hash(data.AsSpan()));
        data[^1] ^= 1;
        Assert.NotEqual(first, Ripemd160.Hash(data));
    }

    [Fact]
    public void Hash160_of_compressed_generator_point_matches_known_value()
    {
        // 1 * G, compressed; its HASH160 is the well-known
        // 751e76e8199196d454941c45d1b3a323f1433bd6 (address bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4).
        var g = Convert.FromHexString("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
        Assert.Equal("751e76e8199196d454941c45d1b3a323f1433bd6", Convert.ToHexStringLower(Hashes.Hash160(g)));
    }

    [Fact]
    public void Hash256_is_sha256_twice()
    {
        var data = "hello"u8.ToArray();
        Assert.Equal(Hashes.Sha256(Hashes.Sha256(data)), Hashes.Hash256(data));
        Assert.Equal("9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50", Convert.ToHexStringLower(Hashes.Hash256(data)));
    }

    [Fact]
    public void Wrong_length_destination_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Hashes.Sha256([1, 2, 3], new byte[31]));
        Assert.Throws<ArgumentException>(() => Hashes.Hash256([1, 2, 3], new byte[33]));
        Assert.Throws<ArgumentException>(() => Ripemd160.Hash([1, 2, 3], new byte[19]));
    }
}

public class HkdfTests
{
    // RFC 5869 Appendix A, test cases 1 and 3 (SHA-256).
    [Theory]
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9", "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")]
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "", "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8")]
    public void Hkdf_matches_rfc5869(string ikm, string salt, string info, string okm)
    {
        var output = new byte[okm.Length / 2];
        Hashes.Hkdf(Convert.FromHexString(salt), Convert.FromHexString(ikm), Convert.FromHexString(info), output);
        Assert.Equal(okm, Convert.ToHexStringLower(output));
    }

    [Fact]
    public void Hkdf_accepts_an_empty_input_key_as_bolt8_needs()
    {
        // BOLT 8 "Act Three" (and every key rotation) ends with HKDF(ck, zero-length).
        var (first, second) = Hashes.HkdfTwoKeys(new byte[32], ReadOnlySpan<byte>.Empty);
        Assert.Equal(32, first.Length);
        Assert.NotEqual(first, second);
        var reference = new byte[64];
        Hashes.Hkdf(new byte[32], ReadOnlySpan<byte>.Empty, ReadOnlySpan<byte>.Empty, reference);
        Assert.Equal(reference[..32], first);
        Assert.Equal(reference[32..], second);
    }
}
