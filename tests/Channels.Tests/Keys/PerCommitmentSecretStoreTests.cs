using FsCheck;
using FsCheck.Fluent;
using Microchannels.Channels.Engine.Persistence;
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
        var error = Assert.Throws<ChannelStateFormatException>(() => PerCommitmentSecretStore.Deserialize(Convert.FromHexString(hex)));
        Assert.Equal(ChannelStateFormatReason.InvalidSecretStore, error.Reason);
    }

    [Theory]
    [InlineData(2, 0)] // buckets 0 and 1 (indices 2^48-1, 2^48-2): bucket 1 derives bucket 0
    [InlineData(8, 0)]
    [InlineData(8, 1)]
    [InlineData(300, 2)]
    public void A_stored_secret_that_its_covering_entry_does_not_derive_is_rejected_with_the_codec_error(int received, int damagedEntry)
    {
        var store = PerCommitmentSecretStore.Empty;
        for (ulong n = 0; n < (ulong)received; n++)
        {
            ulong index = CommitmentIndex.FromCommitmentNumber(n);
            store = store.Insert(ShaChain.GenerateFromSeed(Seed, index), index);
        }

        // Flip one byte of one entry's secret (entries: version, count, lowest index, then 41 bytes each).
        var bytes = store.Serialize();
        bytes[10 + (damagedEntry * 41) + 9] ^= 0x01;

        var error = Assert.Throws<ChannelStateFormatException>(() => PerCommitmentSecretStore.Deserialize(bytes));
        Assert.Equal(ChannelStateFormatReason.InvalidSecretStore, error.Reason);

        // Through the state codec as well: the same typed error, never a store that lies.
        var writer = new Microchannels.Channels.Wire.WireWriter(4096);
        writer.WriteU16((ushort)bytes.Length);
        writer.WriteBytes(bytes);
        var encoded = writer.ToArray();
        Assert.Equal(ChannelStateFormatReason.InvalidSecretStore, Assert.Throws<ChannelStateFormatException>(() =>
        {
            var reader = new Microchannels.Channels.Wire.WireReader(encoded);
            PerCommitmentSecretStoreCodec.Read(ref reader);
        }).Reason);
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
