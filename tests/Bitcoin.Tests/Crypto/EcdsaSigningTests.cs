using System.Numerics;
using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Bitcoin.Tests.Crypto;

public class EcdsaSigningTests
{
    // Curve order n of secp256k1 (SEC 2, section 2.4.1).
    private static readonly BigInteger N = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);

    // RFC 6979 (HMAC-SHA256 nonces) over secp256k1, message = SHA-256(text),
    // signatures normalized to low-S: the widely shared set used by trezor-crypto,
    // bitcoinjs-lib, btcd (btcec/signature_test.go) and CoreBitcoin.
    [Theory]
    [InlineData("cca9fbcc1b41e5a95d369eaa6ddcff73b61a4efaa279cfc6567e8daa39cbaf50", "sample",
        "3045022100af340daf02cc15c8d5d08d7735dfe6b98a474ed373bdb5fbecf7571be52b384202205009fb27f37034a9b24b707b7c6b79ca23ddef9e25f7282e8a797efe53a8f124")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000001", "Satoshi Nakamoto",
        "3045022100934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d802202442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5")]
    [InlineData("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140", "Satoshi Nakamoto",
        "3045022100fd567d121db66e382991534ada77a6bd3106f0a1098c231e47993447cd6af2d002206b39cd0eb1bc8603e159ef5c20a5c8ad685a45b06ce9bebed3f153d10d93bed5")]
    [InlineData("f8b8af8ce3c7cca5e300d33939540c10d45ce001b8f252bfbc57ba0342904181", "Alan Turing",
        "304402207063ae83e7f62bbb171798131b4a0564b956930092b33b07b395615d9ec7e15c022058dfcc1e00a35e1572f366ffe34ba0fc47db1e7189759b9fb233c5b05ab388ea")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000001", "All those moments will be lost in time, like tears in rain. Time to die...",
        "30450221008600dbd41e348fe5c9465ab92d23e3db8b98b873beecd930736488696438cb6b0220547fe64427496db33bf66019dacbf0039c04199abb0122918601db38a72cfc21")]
    [InlineData("e91671c46231f833a6406ccbea0e3e392c76c167bac1cb013f6f1013980455c2", "There is a computer disease that anybody who works with computers knows about. It's a very serious disease and it interferes completely with the work. The trouble with computers is that you 'play' with them!",
        "3045022100b552edd27580141f3b2a5463048cb7cd3e047b97c9f98076c32dbdf85a68718b0220279fa72dd19bfae05577e06c7c0c1900c371fcd5893f7e1d56a37d30174671f6")]
    public void Sign_matches_rfc6979_vectors(string secretHex, string message, string expectedDerHex)
    {
        using var key = PrivateKey.FromBytes(Convert.FromHexString(secretHex));
        var hash = Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes(message));

        var signature = key.Sign(hash);

        Assert.Equal(expectedDerHex, Convert.ToHexStringLower(signature.ToDer()));
        Assert.True(signature.IsLowS);
        Assert.True(key.PublicKey.Verify(hash, signature));
    }

    [Fact]
    public void Sign_is_deterministic_and_different_hashes_give_different_signatures()
    {
        using var key = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x42, 32).ToArray());
        var hashA = Hashes.Sha256("a"u8);
        var hashB = Hashes.Sha256("b"u8);

        Assert.Equal(key.Sign(hashA), key.Sign(hashA));
        Assert.NotEqual(key.Sign(hashA), key.Sign(hashB));
    }

    [Fact]
    public void Verify_rejects_wrong_key()
    {
        using var signer = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x11, 32).ToArray());
        using var other = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x22, 32).ToArray());
        var hash = Hashes.Sha256("pay 10 sat"u8);

        Assert.False(other.PublicKey.Verify(hash, signer.Sign(hash)));
    }

    [Fact]
    public void Verify_rejects_wrong_hash()
    {
        using var signer = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x11, 32).ToArray());
        var signature = signer.Sign(Hashes.Sha256("pay 10 sat"u8));

        Assert.False(signer.PublicKey.Verify(Hashes.Sha256("pay 11 sat"u8), signature));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(63)]
    public void Verify_rejects_a_signature_with_one_flipped_bit(int byteIndex)
    {
        using var signer = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x11, 32).ToArray());
        var hash = Hashes.Sha256("pay 10 sat"u8);
        var compact = signer.Sign(hash).ToCompact();
        compact[byteIndex] ^= 0x01;

        Assert.False(signer.PublicKey.Verify(hash, EcdsaSignature.FromCompact(compact)));
    }

    [Fact]
    public void High_s_signature_is_not_low_s_fails_verify_and_normalizes_to_the_original()
    {
        using var signer = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x11, 32).ToArray());
        var hash = Hashes.Sha256("pay 10 sat"u8);
        var low = signer.Sign(hash);

        var compact = low.ToCompact();
        var s = new BigInteger(compact.AsSpan(32), isUnsigned: true, isBigEndian: true);
        var highS = (N - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        Array.Clear(compact, 32, 32);
        highS.CopyTo(compact, 64 - highS.Length);
        var high = EcdsaSignature.FromCompact(compact);

        Assert.False(high.IsLowS);
        Assert.False(signer.PublicKey.Verify(hash, high)); // libsecp256k1 accepts only low-S.
        var normalized = high.Normalize();
        Assert.True(normalized.IsLowS);
        Assert.Equal(low, normalized);
        Assert.True(signer.PublicKey.Verify(hash, normalized));
        Assert.Same(low, low.Normalize());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Sign_rejects_a_hash_that_is_not_32_bytes(int length)
    {
        using var key = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x11, 32).ToArray());

        var error = Assert.Throws<ArgumentException>(() => key.Sign(new byte[length]));
        Assert.Equal("messageHash32", error.ParamName);
        Assert.Contains($"exactly 32 bytes, got {length}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Verify_rejects_a_hash_that_is_not_32_bytes(int length)
    {
        using var key = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x11, 32).ToArray());
        var signature = key.Sign(new byte[32]);

        var error = Assert.Throws<ArgumentException>(() => key.PublicKey.Verify(new byte[length], signature));
        Assert.Equal("messageHash32", error.ParamName);
    }
}
