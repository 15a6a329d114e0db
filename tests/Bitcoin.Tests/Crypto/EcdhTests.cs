using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Bitcoin.Tests.Crypto;

public class EcdhTests
{
    private static readonly string TransportSpec = Path.Combine(AppContext.BaseDirectory, "spec", "bolts", "08-transport.md");

    // BOLT 8, Appendix A: the keys of the handshake vectors.
    // Initiator: ls.priv = 0x11.., e.priv = 0x12..; responder: ls.priv = 0x21.., e.priv = 0x22...
    [Theory]
    [InlineData("1111111111111111111111111111111111111111111111111111111111111111", "034f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa")]
    [InlineData("1212121212121212121212121212121212121212121212121212121212121212", "036360e856310ce5d294e8be33fc807077dc56ac80d95d9cd4ddbd21325eff73f7")]
    [InlineData("2121212121212121212121212121212121212121212121212121212121212121", "028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7")]
    [InlineData("2222222222222222222222222222222222222222222222222222222222222222", "02466d7fcae563e5cb09a0d1870bb580344804617879a14949cf22285f1bae3f27")]
    public void Public_keys_match_bolt8_vectors(string secretHex, string publicHex)
    {
        Assert.Contains(publicHex, File.ReadAllText(TransportSpec), StringComparison.Ordinal);
        using var key = PrivateKey.FromBytes(Convert.FromHexString(secretHex));

        Assert.Equal(publicHex, key.PublicKey.ToString());
    }

    // BOLT 8, Appendix A: each "# ss=" line, computed once by each side.
    // Act One es: initiator ECDH(e.priv, rs), responder ECDH(s.priv, re).
    // Act Two ee: initiator ECDH(e.priv, re), responder ECDH(e.priv, re).
    // Act Three se: initiator ECDH(s.priv, re), responder ECDH(e.priv, rs).
    [Theory]
    [InlineData("1212121212121212121212121212121212121212121212121212121212121212", "028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7", "1e2fb3c8fe8fb9f262f649f64d26ecf0f2c0a805a767cf02dc2d77a6ef1fdcc3")]
    [InlineData("2121212121212121212121212121212121212121212121212121212121212121", "036360e856310ce5d294e8be33fc807077dc56ac80d95d9cd4ddbd21325eff73f7", "1e2fb3c8fe8fb9f262f649f64d26ecf0f2c0a805a767cf02dc2d77a6ef1fdcc3")]
    [InlineData("1212121212121212121212121212121212121212121212121212121212121212", "02466d7fcae563e5cb09a0d1870bb580344804617879a14949cf22285f1bae3f27", "c06363d6cc549bcb7913dbb9ac1c33fc1158680c89e972000ecd06b36c472e47")]
    [InlineData("2222222222222222222222222222222222222222222222222222222222222222", "036360e856310ce5d294e8be33fc807077dc56ac80d95d9cd4ddbd21325eff73f7", "c06363d6cc549bcb7913dbb9ac1c33fc1158680c89e972000ecd06b36c472e47")]
    [InlineData("1111111111111111111111111111111111111111111111111111111111111111", "02466d7fcae563e5cb09a0d1870bb580344804617879a14949cf22285f1bae3f27", "b36b6d195982c5be874d6d542dc268234379e1ae4ff1709402135b7de5cf0766")]
    [InlineData("2222222222222222222222222222222222222222222222222222222222222222", "034f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa", "b36b6d195982c5be874d6d542dc268234379e1ae4ff1709402135b7de5cf0766")]
    public void Ecdh_matches_bolt8_handshake_vectors(string secretHex, string remotePublicHex, string expectedSharedSecretHex)
    {
        Assert.Contains($"# ss=0x{expectedSharedSecretHex}", File.ReadAllText(TransportSpec), StringComparison.Ordinal);
        using var local = PrivateKey.FromBytes(Convert.FromHexString(secretHex));

        var shared = local.Ecdh(PublicKey.FromBytes(Convert.FromHexString(remotePublicHex)));

        Assert.Equal(expectedSharedSecretHex, Convert.ToHexStringLower(shared));
    }

    [Fact]
    public void Ecdh_is_sha256_of_the_compressed_shared_point()
    {
        // BOLT 8, "Handshake State": ECDH returns SHA256 of the compressed point.
        // a·(bG) is the public key of the scalar a·b, so compute it independently.
        using var a = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x05, 32).ToArray());
        using var b = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x07, 32).ToArray());
        using var product = a.TweakMultiply(b.ToBytes());

        Assert.Equal(Hashes.Sha256(product.PublicKey.Span), a.Ecdh(b.PublicKey));
    }

    [Fact]
    public void Ecdh_is_symmetric()
    {
        using var a = PrivateKey.Generate();
        using var b = PrivateKey.Generate();

        Assert.Equal(a.Ecdh(b.PublicKey), b.Ecdh(a.PublicKey));
    }
}
