using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Persistence;
using Microchannels.Channels.Store;

namespace Microchannels.Channels.Node;

/// <summary>
/// The reading key a provider node holds for a meter (docs/PROTOCOL.md,
/// "meter_reading_pubkey"): configured with the meter, or learnt from its first
/// <c>open_channel</c> and stored before <c>accept_channel</c>; a later channel
/// naming another key is refused, never taken silently, since whoever holds a
/// new key could sign readings the old one never saw. One small record per meter:
/// 'K', the meter's node id, the reading key, and 4 bytes of SHA-256 over them.
/// </summary>
public static class MeterReadingKeyPin
{
    public const byte Magic = 0x4B; // 'K'
    private const int Size = 1 + PublicKey.CompressedSize + PublicKey.CompressedSize + 4;
    private static readonly byte[] KeyLabel = "microchannels/meter-reading-key"u8.ToArray();

    /// <summary>Where the pin of <paramref name="meter"/> is stored; it cannot collide with a channel's key or a nonce mark.</summary>
    public static ChannelKey KeyOf(PublicKey meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        return new ChannelKey(Hashes.Sha256([.. KeyLabel, .. meter.AsSpan()]));
    }

    public static bool IsPin(ReadOnlySpan<byte> record) => record.Length == Size && record[0] == Magic;

    public static byte[] Encode(PublicKey meter, PublicKey readingKey)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(readingKey);
        byte[] record = new byte[Size];
        record[0] = Magic;
        meter.AsSpan().CopyTo(record.AsSpan(1));
        readingKey.AsSpan().CopyTo(record.AsSpan(1 + PublicKey.CompressedSize));
        Hashes.Sha256(record.AsSpan(0, Size - 4)).AsSpan(0, 4).CopyTo(record.AsSpan(Size - 4));
        return record;
    }

    /// <exception cref="ChannelStateFormatException">A damaged record.</exception>
    public static (PublicKey Meter, PublicKey ReadingKey) Decode(ReadOnlySpan<byte> record)
    {
        if (!IsPin(record) || !Hashes.Sha256(record[..^4]).AsSpan(0, 4).SequenceEqual(record[^4..]))
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.Unspecified, "A damaged meter reading key pin.");
        }

        try
        {
            return (PublicKey.FromBytes(record.Slice(1, PublicKey.CompressedSize)), PublicKey.FromBytes(record.Slice(1 + PublicKey.CompressedSize, PublicKey.CompressedSize)));
        }
        catch (InvalidKeyException e)
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.Unspecified, $"The pin holds a point that is not a key: {e.Message}", e);
        }
    }
}
