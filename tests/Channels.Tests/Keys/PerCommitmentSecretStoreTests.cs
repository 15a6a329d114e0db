using FsCheck;
using FsCheck.Fluent;
using Microchannels.Channels.Keys;

namespace Microchannels.Channels.Tests.Keys;

public class PerCommitmentSecretStoreTests
{
    private static readonly byte[] Seed = Convert.FromHexString("0101010101010101010101010101010101010101010101010101010101010101");

    [Fact]
    public void Holds_at_most_49_entries_and_derives_every_secret_received()
    {
        var store = PerCommitmentSecretStore.Empty;
        const int count = 5000;
        for (ulong n = 0; n < count; n++)
        {
            ulong index = CommitmentIndex.FromCommitmentNumber(n);
            store = store.Insert(ShaChain.GenerateFromSeed(Seed, index), index);
            Assert.True(store.StoredEntryCount <= PerCommitmentSecretStore.BucketCount);
        }

        for (ulong n = 0; n < count; n += 7)
        {
            ulong index = CommitmentIndex.FromCommitmentNumber(n);
            Assert.Equal(ShaChain.GenerateFromSeed(Seed, index), store.GetSecret(index));
        }

        Assert.Null(store.GetSecret(CommitmentIndex.FromCommitmentNumber(count)));
    }

    [Fact]
    public void Out_of_order_secret_is_rejected_and_store_is_unchanged()
    {
        var first = CommitmentIndex.First;
        var store = PerCommitmentSecretStore.Empty.Insert(ShaChain.GenerateFromSeed(Seed, first), first);
        var before = store.Serialize();

        // Replay of the same index.
        var replay = Assert.Throws<InvalidPerCommitmentSecretException>(() => store.Insert(ShaChain.GenerateFromSeed(Seed, first), first));
        Assert.Equal(first, replay.Index);

        // Skipping an index.
        Assert.Throws<InvalidPerCommitmentSecretException>(() => store.Insert(ShaChain.GenerateFromSeed(Seed, first - 2), first - 2));
        Assert.Equal(before, store.Serialize());
    }

    [Fact]
    public void First_secret_must_carry_the_first_index()
    {
        Assert.Throws<InvalidPerCommitmentSecretException>(
            () => PerCommitmentSecretStore.Empty.Insert(ShaChain.GenerateFromSeed(Seed, 5), 5));
    }

    [Fact]
    public void Wrong_length_secret_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => PerCommitmentSecretStore.Empty.Insert(new byte[31], CommitmentIndex.First));
        Assert.Throws<ArgumentException>(() => ShaChain.GenerateFromSeed(new byte[33], 0));
    }

    [Fact]
    public void Serialization_round_trips()
    {
        var store = PerCommitmentSecretStore.Empty;
        for (ulong n = 0; n < 300; n++)
        {
            ulong index = CommitmentIndex.FromCommitmentNumber(n);
            store = store.Insert(ShaChain.GenerateFromSeed(Seed, index), index);
        }

        var copy = PerCommitmentSecretStore.Deserialize(store.Serialize());
        Assert.Equal(store.Serialize(), copy.Serialize());
        Assert.Equal(store.LowestIndex, copy.LowestIndex);
        var next = CommitmentIndex.FromCommitmentNumber(300);
        Assert.Equal(store.Insert(ShaChain.GenerateFromSeed(Seed, next), next).Serialize(),
                     copy.Insert(ShaChain.GenerateFromSeed(Seed, next), next).Serialize());
        Assert.Equal(PerCommitmentSecretStore.Empty.Serialize(), PerCommitmentSecretStore.Deserialize(PerCommitmentSecretStore.Empty.Serialize()).Serialize());
    }

    [Theory]
    [InlineData("")]
    [InlineData("02")]
    [InlineData("0101ffffffffffffffff")]
    [InlineData("0132ffffffffffffffff")]
    public void Corrupt_serialization_is_rejected(string hex)
    {
        Assert.Throws<FormatException>(() => PerCommitmentSecretStore.Deserialize(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Secret_from_another_seed_is_detected_once_it_covers_a_stored_one()
    {
        // Property: mixing in one secret from a different seed is rejected no later
        // than the next insertion whose bucket covers it (BOLT 3 storage rationale).
        var other = Convert.FromHexString("0202020202020202020202020202020202020202020202020202020202020202");
        var property = Prop.ForAll(Arb.From(Gen.Choose(1, 200)), badAt =>
        {
            var store = PerCommitmentSecretStore.Empty;
            for (ulong n = 0; n < 512; n++)
            {
                ulong index = CommitmentIndex.FromCommitmentNumber(n);
                var secret = ShaChain.GenerateFromSeed(n == (ulong)badAt ? other : Seed, index);
                try
                {
                    store = store.Insert(secret, index);
                }
                catch (InvalidPerCommitmentSecretException)
                {
                    return n >= (ulong)badAt;
                }
            }

            return false;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }
}
