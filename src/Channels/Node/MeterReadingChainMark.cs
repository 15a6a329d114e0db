using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Persistence;
using Microchannels.Channels.Store;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Node;

/// <summary>
/// Where a meter's reading chain stands between channels (docs/PROTOCOL.md, "The signed
/// reading, version 2"): the hash of the last reading the meter paid with on its previous
/// channel, to which the first reading of its current channel must chain. Stored before
/// <c>accept_channel</c> of the new channel, so a restart checks the same predecessor.
/// One small record per meter: 'R', the meter's node id, the hash, and 4 bytes of SHA-256 over them.
/// </summary>
public static class MeterReadingChainMark
{
    public const byte Magic = 0x52; // 'R'
    private const int Size = 1 + PublicKey.CompressedSize + Sha256Hash.Size + 4;
    private static readonly byte[] KeyLabel = "microchannels/meter-reading-chain"u8.ToArray();

    /// <summary>Where the mark of <paramref name="meter"/> is stored; a label of its own keeps it apart from every other record.</summary>
    public static ChannelKey KeyOf(PublicKey meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        return new ChannelKey(Hashes.Sha256([.. KeyLabel, .. meter.AsSpan()]));
    }

    public static bool IsMark(ReadOnlySpan<byte> record) => record.Length == Size && record[0] == Magic;

    public static byte[] Encode(PublicKey meter, Sha256Hash lastReading)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(lastReading);
        byte[] record = new byte[Size];
        record[0] = Magic;
        meter.AsSpan().CopyTo(record.AsSpan(1));
        lastReading.AsSpan().CopyTo(record.AsSpan(1 + PublicKey.CompressedSize));
        Hashes.Sha256(record.AsSpan(0, Size - 4)).AsSpan(0, 4).CopyTo(record.AsSpan(Size - 4));
        return record;
    }

    /// <exception cref="ChannelStateFormatException">A damaged record.</exception>
    public static (PublicKey Meter, Sha256Hash LastReading) Decode(ReadOnlySpan<byte> record)
    {
        if (!IsMark(record) || !Hashes.Sha256(record[..^4]).AsSpan(0, 4).SequenceEqual(record[^4..]))
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.Unspecified, "A damaged meter reading chain mark.");
        }

        try
        {
            return (PublicKey.FromBytes(record.Slice(1, PublicKey.CompressedSize)), new Sha256Hash(record.Slice(1 + PublicKey.CompressedSize, Sha256Hash.Size)));
        }
        catch (InvalidKeyException e)
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.Unspecified, $"The mark holds a point that is not a key: {e.Message}", e);
        }
    }
}
