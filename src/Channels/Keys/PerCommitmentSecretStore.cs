using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Security.Cryptography;
using Microchannels.Channels.Engine.Persistence;

namespace Microchannels.Channels.Keys;

/// <summary>
/// The counterparty's revealed per-commitment secrets, kept compactly: BOLT 3
/// "Efficient Per-commitment Secret Storage" needs at most 49 (secret, index)
/// buckets to derive every secret received so far. Immutable: <see cref="Insert"/>
/// returns a new store, so a rejected secret can never leave a half-updated one.
/// </summary>
public sealed class PerCommitmentSecretStore
{
    public const int BucketCount = 49;
    private const int EntrySize = 1 + 8 + ShaChain.SecretSize;

    private readonly ImmutableArray<Entry?> _known;

    private PerCommitmentSecretStore(ImmutableArray<Entry?> known, ulong? lowestIndex)
    {
        _known = known;
        LowestIndex = lowestIndex;
    }

    public static PerCommitmentSecretStore Empty { get; } = new([.. new Entry?[BucketCount]], null);

    /// <summary>The index of the most recent secret received, or null when none has been.</summary>
    public ulong? LowestIndex { get; }

    /// <summary>The index the next secret must carry: secrets arrive in descending order from 2^48 - 1.</summary>
    public ulong NextExpectedIndex => LowestIndex is { } lowest ? lowest - 1 : CommitmentIndex.First;

    /// <summary>How many buckets hold a secret (at most 49, whatever the number of secrets received).</summary>
    public int StoredEntryCount => _known.Count(e => e is not null);

    /// <summary>
    /// <c>insert_secret(secret, I)</c>. Throws <see cref="InvalidPerCommitmentSecretException"/>
    /// if the secret is out of order or does not derive the secrets stored before it.
    /// </summary>
    public PerCommitmentSecretStore Insert(ReadOnlySpan<byte> secret, ulong index)
    {
        if (secret.Length != ShaChain.SecretSize)
        {
            throw new ArgumentException($"A per-commitment secret is {ShaChain.SecretSize} bytes.", nameof(secret));
        }

        if (LowestIndex == 0 || index != NextExpectedIndex)
        {
            throw new InvalidPerCommitmentSecretException(
                $"Per-commitment secret for index {index} is out of order; expected index {NextExpectedIndex}.") { Index = index };
        }

        int bucket = ShaChain.WhereToPutSecret(index);
        for (int b = 0; b < bucket; b++)
        {
            var known = _known[b];
            if (known is null)
            {
                continue;
            }

            var derived = ShaChain.DeriveSecret(secret, bucket, known.Index);
            if (!CryptographicOperations.FixedTimeEquals(derived, known.Secret.AsSpan()))
            {
                throw new InvalidPerCommitmentSecretException(
                    $"The secret for index {index} does not derive the stored secret for index {known.Index}.") { Index = index };
            }
        }

        return new PerCommitmentSecretStore(_known.SetItem(bucket, new Entry(index, [.. secret])), index);
    }

    /// <summary>
    /// <c>derive_old_secret(I)</c>: any secret at or above <see cref="LowestIndex"/>,
    /// or null when index <paramref name="index"/> has not been received.
    /// </summary>
    public byte[]? GetSecret(ulong index)
    {
        for (int b = 0; b < BucketCount; b++)
        {
            var known = _known[b];
            if (known is null)
            {
                continue;
            }

            // Mask off the low b bits: the bucket derives every index sharing the prefix.
            ulong mask = ~((1UL << b) - 1);
            if ((index & mask) == known.Index)
            {
                return ShaChain.DeriveSecret(known.Secret.AsSpan(), b, index);
            }
        }

        return null;
    }

    /// <summary>A compact, versioned encoding for the channel store: at most 49 × 41 bytes.</summary>
    public byte[] Serialize()
    {
        var entries = Enumerable.Range(0, BucketCount).Where(b => _known[b] is not null).ToArray();
        var buffer = new byte[1 + 1 + 8 + (entries.Length * EntrySize)];
        buffer[0] = 1; // format version
        buffer[1] = (byte)entries.Length;
        BinaryPrimitives.WriteUInt64BigEndian(buffer.AsSpan(2), LowestIndex ?? ulong.MaxValue);
        int offset = 10;
        foreach (int b in entries)
        {
            var entry = _known[b]!;
            buffer[offset] = (byte)b;
            BinaryPrimitives.WriteUInt64BigEndian(buffer.AsSpan(offset + 1), entry.Index);
            entry.Secret.AsSpan().CopyTo(buffer.AsSpan(offset + 9));
            offset += EntrySize;
        }

        return buffer;
    }

    /// <summary>
    /// Reads <see cref="Serialize"/>'s layout. Anything malformed, and entries that do not
    /// derive one another, throw the channel state codec's typed error
    /// (<see cref="ChannelStateFormatException"/>, <see cref="ChannelStateFormatReason.InvalidSecretStore"/>):
    /// a damaged secret would otherwise surface only when a penalty needs it.
    /// </summary>
    public static PerCommitmentSecretStore Deserialize(ReadOnlySpan<byte> data)
    {
        if (data.Length < 10 || data[0] != 1)
        {
            throw Invalid("Unknown per-commitment secret store encoding.");
        }

        int count = data[1];
        if (count > BucketCount || data.Length != 10 + (count * EntrySize))
        {
            throw Invalid("Per-commitment secret store length does not match its entry count.");
        }

        ulong lowestRaw = BinaryPrimitives.ReadUInt64BigEndian(data[2..]);
        var known = new Entry?[BucketCount];
        for (int i = 0; i < count; i++)
        {
            var slice = data.Slice(10 + (i * EntrySize), EntrySize);
            int bucket = slice[0];
            ulong index = BinaryPrimitives.ReadUInt64BigEndian(slice[1..]);
            if (bucket >= BucketCount || known[bucket] is not null || ShaChain.WhereToPutSecret(index) != bucket)
            {
                throw Invalid($"Per-commitment secret store entry {i} is inconsistent.");
            }

            known[bucket] = new Entry(index, [.. slice[9..]]);
        }

        CheckEntriesDeriveOneAnother(known);
        return new PerCommitmentSecretStore([.. known], lowestRaw == ulong.MaxValue ? null : lowestRaw);
    }

    /// <summary>
    /// BOLT 3 "Efficient Per-commitment Secret Storage": an entry in bucket c (index I, c
    /// trailing zeros) derives every index from I to I + 2^c - 1. Secrets arrive in descending
    /// order, so an entry of a lower bucket with a higher index than I was received before I,
    /// inside that range, and <c>insert_secret</c> checked that I derives it. Such pairs must
    /// still agree; one that lies outside the range was never possible.
    /// </summary>
    private static void CheckEntriesDeriveOneAnother(Entry?[] known)
    {
        for (int c = 1; c < BucketCount; c++)
        {
            if (known[c] is not { } cover)
            {
                continue;
            }

            for (int b = 0; b < c; b++)
            {
                if (known[b] is not { } older || older.Index < cover.Index)
                {
                    continue;
                }

                ulong mask = ~((1UL << c) - 1);
                if ((older.Index & mask) != cover.Index)
                {
                    throw Invalid($"The stored secret for index {older.Index} lies outside the range of the newer one for index {cover.Index}.");
                }

                var derived = ShaChain.DeriveSecret(cover.Secret.AsSpan(), c, older.Index);
                if (!CryptographicOperations.FixedTimeEquals(derived, older.Secret.AsSpan()))
                {
                    throw Invalid($"The stored secret for index {cover.Index} does not derive the stored secret for index {older.Index}.");
                }
            }
        }
    }

    private static ChannelStateFormatException Invalid(string message) => new(ChannelStateFormatReason.InvalidSecretStore, message);

    private sealed record Entry(ulong Index, ImmutableArray<byte> Secret);
}
