using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Bitcoin.Tests.Crypto;

public class EcdsaSignatureParsingTests
{
    // RFC 6979 vector: key 1 signing SHA-256("Satoshi Nakamoto"); r and s both 32 bytes, r with its high bit set.
    private const string R = "934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8";
    private const string S = "2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5";
    private const string Der = "3045" + "022100" + R + "0220" + S;
    private const string N = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
    private const string S31 = "42ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5"; // 31 bytes, high bit clear

    [Fact]
    public void Der_and_compact_round_trip()
    {
        var signature = EcdsaSignature.FromDer(Convert.FromHexString(Der));

        Assert.Equal(R + S, Convert.ToHexStringLower(signature.ToCompact()));
        Assert.Equal(Der, Convert.ToHexStringLower(signature.ToDer()));
        Assert.Equal(signature, EcdsaSignature.FromCompact(signature.ToCompact()));
        Assert.Equal(R + S, signature.ToString());
    }

    [Fact]
    public void Short_integers_use_short_der()
    {
        // s with a leading zero byte is encoded in 31 bytes.
        var signature = EcdsaSignature.FromCompact(Convert.FromHexString(R + "00" + S31));

        Assert.Equal("3044" + "022100" + R + "021f" + S31, Convert.ToHexStringLower(signature.ToDer()));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData(Der + "00", "trailing byte")]
    [InlineData(Der + "01", "sighash byte left on")]
    [InlineData("3044" + "022100" + R + "0220" + S, "sequence length one short")]
    [InlineData("3046" + "022100" + R + "0220" + S, "sequence length one long")]
    [InlineData("3045" + "022100" + R + "0221" + S, "s length past the end")]
    [InlineData("3045" + "022100" + R + "021f" + S, "s length short, leaving a trailing byte in the sequence")]
    [InlineData("3044" + "0220" + R + "0220" + S, "negative r: high bit without 00 padding")]
    [InlineData("3046" + "022200" + "00" + R + "0220" + S, "r with excess 00 padding")]
    [InlineData("3046" + "022100" + R + "022100" + S, "s padded with 00 although its high bit is clear")]
    [InlineData("3024" + "0200" + "0220" + S, "zero-length r")]
    [InlineData("3145" + "022100" + R + "0220" + S, "wrong sequence tag")]
    [InlineData("3045" + "032100" + R + "0220" + S, "wrong integer tag")]
    [InlineData("308145" + "022100" + R + "0220" + S, "non-minimal long-form sequence length")]
    [InlineData("3080" + "022100" + R + "0220" + S + "0000", "indefinite length")]
    [InlineData("30", "sequence tag only")]
    [InlineData("3045" + "022100" + R, "truncated after r")]
    [InlineData("3045" + "022100" + R + "0220" + "2442ce9d2b9160641080", "truncated inside s")]
    [InlineData("3026" + "022100" + N + "0201" + "01", "r = n is not below the order")]
    [InlineData("3025" + "020100" + "0220" + S, "r = 0")]
    [InlineData("3026" + "022100" + R + "020100", "s = 0")]
    public void Malformed_der_throws_InvalidSignatureException(string hex, string why)
    {
        Assert.False(string.IsNullOrEmpty(why));
        Assert.Throws<InvalidSignatureException>(() => EcdsaSignature.FromDer(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Truncating_valid_der_at_any_length_throws_InvalidSignatureException()
    {
        var der = Convert.FromHexString(Der);
        for (var length = 0; length < der.Length; length++)
        {
            Assert.Throws<InvalidSignatureException>(() => EcdsaSignature.FromDer(der.AsSpan(0, length)));
        }
    }

    [Theory]
    [InlineData(N + S, "r = n")]
    [InlineData(R + N, "s = n")]
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" + S, "r = 2^256 - 1")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000" + S, "r = 0")]
    [InlineData(R + "0000000000000000000000000000000000000000000000000000000000000000", "s = 0")]
    public void Compact_out_of_range_throws_InvalidSignatureException(string hex, string why)
    {
        Assert.False(string.IsNullOrEmpty(why));
        Assert.Throws<InvalidSignatureException>(() => EcdsaSignature.FromCompact(Convert.FromHexString(hex)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(65)]
    [InlineData(72)]
    public void Compact_of_wrong_length_throws_InvalidSignatureException(int length)
    {
        Assert.Throws<InvalidSignatureException>(() => EcdsaSignature.FromCompact(new byte[length]));
    }

    [Fact]
    public void Largest_valid_scalars_parse_and_give_72_byte_der()
    {
        // r = n - 1 and s = n - 1 both need 00 padding: the longest strict DER.
        const string nMinusOne = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140";
        var signature = EcdsaSignature.FromCompact(Convert.FromHexString(nMinusOne + nMinusOne));

        var der = signature.ToDer();
        Assert.Equal(EcdsaSignature.MaxDerSize, der.Length);
        Assert.False(signature.IsLowS);
        Assert.Equal(signature, EcdsaSignature.FromDer(der));
    }

    [Fact]
    public void Smallest_valid_scalars_parse_and_give_8_byte_der()
    {
        var compact = new byte[64];
        compact[31] = 1;
        compact[63] = 1;
        var signature = EcdsaSignature.FromCompact(compact);

        Assert.Equal("3006020101020101", Convert.ToHexStringLower(signature.ToDer()));
        Assert.True(signature.IsLowS);
    }
}
