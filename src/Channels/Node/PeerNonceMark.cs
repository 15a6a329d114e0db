using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Persistence;
using Microchannels.Channels.Store;

namespace Microchannels.Channels.Node;

/// <summary>
/// The highest channel counter a node has used with a peer, stored before the keys it
/// derives are shown to the peer (<c>accept_channel</c>). A channel record may be deleted
/// (an opening forgotten or replaced), but its counter must never be handed out again: the
/// peer could hold our signature on a commitment under those keys. One small record per
/// peer: 'N', the peer's node id, the counter, and 4 bytes of SHA-256 over them.
/// </summary>
public static class PeerNonceMark
{
    public const byte Magic = 0x4E; // 'N'
    private const int Size = 1 + PublicKey.CompressedSize + sizeof(ulong) + 4;
    private static readonly byte[] KeyLabel = "microchannels/peer-nonce"u8.ToArray();

    /// <summary>Where the mark of <paramref name="peer"/> is stored; it cannot collide with a channel's key.</summary>
    public static ChannelKey KeyOf(PublicKey peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return new ChannelKey(Hashes.Sha256([.. KeyLabel, .. peer.AsSpan()]));
    }

    public static byte[] Encode(PublicKey peer, ulong counter)
    {
        ArgumentNullException.ThrowIfNull(peer);
        byte[] record = new byte[Size];
        record[0] = Magic;
        peer.AsSpan().CopyTo(record.AsSpan(1));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(record.AsSpan(1 + PublicKey.CompressedSize), counter);
        Hashes.Sha256(record.AsSpan(0, Size - 4)).AsSpan(0, 4).CopyTo(record.AsSpan(Size - 4));
        return record;
    }

    public static (PublicKey Peer, ulong Counter) Decode(ReadOnlySpan<byte> record)
    {
        if (record.Length != Size || record[0] != Magic || !Hashes.Sha256(record[..^4]).AsSpan(0, 4).SequenceEqual(record[^4..]))
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.Unspecified, "A damaged peer nonce mark.");
        }

        try
        {
            return (PublicKey.FromBytes(record.Slice(1, PublicKey.CompressedSize)), System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(record.Slice(1 + PublicKey.CompressedSize, sizeof(ulong))));
        }
        catch (InvalidKeyException e)
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.Unspecified, $"The nonce mark's peer is not a key: {e.Message}", e);
        }
    }
}
