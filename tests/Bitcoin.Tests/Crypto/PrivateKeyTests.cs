using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microchannels.Bitcoin.Crypto;

namespace Microchannels.Bitcoin.Tests.Crypto;

public class PrivateKeyTests
{
    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")] // zero
    [InlineData("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")] // n
    [InlineData("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364142")] // n + 1
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")] // 2^256 - 1
    public void Out_of_range_secrets_throw_InvalidKeyException(string hex)
    {
        var error = Assert.Throws<InvalidKeyException>(() => PrivateKey.FromBytes(Convert.FromHexString(hex)));
        Assert.Contains("[1, n-1]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Wrong_length_secrets_throw_InvalidKeyException(int length)
    {
        var bytes = Enumerable.Repeat((byte)0x01, length).ToArray();

        var error = Assert.Throws<InvalidKeyException>(() => PrivateKey.FromBytes(bytes));
        Assert.Contains($"got {length}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000001")] // 1
    [InlineData("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140")] // n - 1
    public void Boundary_secrets_are_valid_and_round_trip(string hex)
    {
        using var key = PrivateKey.FromBytes(Convert.FromHexString(hex));

        Assert.Equal(hex, Convert.ToHexStringLower(key.ToBytes()));
    }

    [Fact]
    public void Generate_gives_distinct_valid_keys()
    {
        using var a = PrivateKey.Generate();
        using var b = PrivateKey.Generate();

        Assert.NotEqual(a, b);
        Assert.NotEqual(a.PublicKey, b.PublicKey);
        using var reparsed = PrivateKey.FromBytes(a.ToBytes());
        Assert.Equal(a, reparsed);
    }

    [Fact]
    public void Public_key_is_computed_once()
    {
        using var key = PrivateKey.Generate();

        Assert.Same(key.PublicKey, key.PublicKey);
    }

    [Fact]
    public void Equality_compares_secrets_and_hash_follows_public_key()
    {
        var secret = Enumerable.Repeat((byte)0x42, 32).ToArray();
        using var a = PrivateKey.FromBytes(secret);
        using var b = PrivateKey.FromBytes(secret);
        using var c = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x43, 32).ToArray());

        Assert.True(a.Equals(b));
        Assert.True(a.Equals((object)b));
        Assert.False(a.Equals(c));
        Assert.False(a.Equals(null));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void ToString_does_not_reveal_the_secret()
    {
        using var key = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x42, 32).ToArray());

        Assert.DoesNotContain("4242", key.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToBytes_returns_an_independent_copy()
    {
        using var key = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x42, 32).ToArray());
        var copy = key.ToBytes();
        copy[0] = 0;

        Assert.Equal(0x42, key.ToBytes()[0]);
    }

    [Fact]
    public unsafe void Secret_does_not_move_when_the_gc_compacts()
    {
        // A fresh unpinned 32-byte array is moved when a compacting collection
        // promotes it out of generation 0; the pinned secret must stay put, so
        // the GC never leaves a stale copy of it behind.
        using var key = PrivateKey.Generate();
        var secret = SecretArray(key);
        var before = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(secret));

        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        Assert.Equal(before, (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(secret)));
    }

    [Fact]
    public void Dispose_zeroes_the_secret_and_every_later_use_throws()
    {
        var key = PrivateKey.FromBytes(Enumerable.Repeat((byte)0x42, 32).ToArray());
        using var other = PrivateKey.Generate();
        var remote = other.PublicKey;
        var secret = SecretArray(key);

        key.Dispose();
        key.Dispose(); // idempotent

        Assert.All(secret, b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => key.PublicKey);
        Assert.Throws<ObjectDisposedException>(() => key.Sign(new byte[32]));
        Assert.Throws<ObjectDisposedException>(() => key.Ecdh(remote));
        Assert.Throws<ObjectDisposedException>(() => key.TweakAdd(new byte[32]));
        Assert.Throws<ObjectDisposedException>(() => key.TweakMultiply(new byte[32]));
        Assert.Throws<ObjectDisposedException>(() => key.Negate());
        Assert.Throws<ObjectDisposedException>(() => key.Add(other));
        Assert.Throws<ObjectDisposedException>(() => other.Add(key));
        Assert.Throws<ObjectDisposedException>(() => key.ToBytes());
        Assert.Throws<ObjectDisposedException>(() => key.Equals(other));
        Assert.Throws<ObjectDisposedException>(() => other.Equals(key));
    }

    private static byte[] SecretArray(PrivateKey key) =>
        (byte[])typeof(PrivateKey).GetField("_secret", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(key)!;
}
