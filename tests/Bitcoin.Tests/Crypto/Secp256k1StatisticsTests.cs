using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Bitcoin.Tests.Crypto;

/// <summary>The call counts the load generator prices; other tests run in parallel, so counts only ever grow by at least ours.</summary>
public class Secp256k1StatisticsTests
{
    [Fact]
    public void Each_costly_operation_is_counted()
    {
        using var key = PrivateKey.FromBytes(Hashes.Sha256("statistics"u8));
        using var other = PrivateKey.FromBytes(Hashes.Sha256("statistics other"u8));
        var before = Secp256k1Statistics.Snapshot();

        var signature = key.Sign(Hashes.Sha256("message"u8));
        Assert.True(key.PublicKey.Verify(Hashes.Sha256("message"u8), signature));
        _ = key.Ecdh(other.PublicKey);
        _ = other.PublicKey.TweakAdd(Hashes.Sha256("tweak"u8));
        _ = other.PublicKey.TweakMultiply(Hashes.Sha256("tweak"u8));
        _ = PublicKey.Combine([key.PublicKey, other.PublicKey]);
        using var fresh = PrivateKey.FromBytes(Hashes.Sha256("fresh"u8));
        _ = fresh.PublicKey;

        var after = Secp256k1Statistics.Snapshot();
        Assert.Equal(Enum.GetValues<Secp256k1Operation>().Length, after.Count);
        foreach (var operation in Enum.GetValues<Secp256k1Operation>())
        {
            Assert.True(after[operation] > before[operation], $"{operation} was not counted");
        }

        // Signing checks its own signature (verify after sign): at least two verifications.
        Assert.True(after[Secp256k1Operation.Verify] - before[Secp256k1Operation.Verify] >= 2);
    }
}
