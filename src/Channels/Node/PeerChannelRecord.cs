using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Persistence;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Signing;

namespace Microchannels.Channels.Node;

/// <summary>
/// How a node that serves many peers stores a channel: the peer's node id, the channel's
/// nonce (its keys' derivation input, <see cref="ChannelSignerFactory"/>), then the
/// <see cref="ChannelStateCodec"/> bytes, and 4 bytes of SHA-256 over all of it. The node id
/// binds the channel to the one peer that opened it, so after a restart a channel answers
/// only that peer's BOLT 8 identity (anyone can learn a channel_id from the chain; a
/// stranger's <c>channel_reestablish</c> must not be able to fail it), and the node can run
/// every stored channel's signer and chain watch before its peer reconnects. The checksum
/// covers the node id and nonce too: a damaged byte there would silently bind the channel
/// to other keys.
/// </summary>
public static class PeerChannelRecord
{
    private const byte Magic = 0x50; // 'P'
    private const int ChecksumSize = 4;
    private const int HeaderSize = 1 + PublicKey.CompressedSize + PeerChannelSigners.NonceSize;

    private static readonly byte[] KeyLabel = "microchannels/peer-channel"u8.ToArray();

    /// <summary>
    /// Where the channel is stored: derived from the peer and our nonce, never from the
    /// channel_id, which the peer chooses through the funding outpoint it names (naming
    /// another channel's outpoint must not let it overwrite or delete that channel's record).
    /// </summary>
    public static Store.ChannelKey KeyOf(PublicKey peerNodeId, ReadOnlySpan<byte> channelNonce)
    {
        ArgumentNullException.ThrowIfNull(peerNodeId);
        return new Store.ChannelKey(Hashes.Sha256([.. KeyLabel, .. peerNodeId.AsSpan(), .. channelNonce]));
    }

    /// <summary>True when <paramref name="record"/> is a channel record (not, say, a <see cref="PeerNonceMark"/>).</summary>
    public static bool IsChannelRecord(ReadOnlySpan<byte> record) => record.Length > 0 && record[0] == Magic;

    public static byte[] Encode(PublicKey peerNodeId, ReadOnlySpan<byte> channelNonce, ChannelState state)
    {
        ArgumentNullException.ThrowIfNull(peerNodeId);
        if (channelNonce.Length != PeerChannelSigners.NonceSize)
        {
            throw new ArgumentException($"A channel nonce is {PeerChannelSigners.NonceSize} bytes.", nameof(channelNonce));
        }

        byte[] inner = ChannelStateCodec.Encode(state);
        byte[] record = new byte[HeaderSize + inner.Length + ChecksumSize];
        record[0] = Magic;
        peerNodeId.AsSpan().CopyTo(record.AsSpan(1));
        channelNonce.CopyTo(record.AsSpan(1 + PublicKey.CompressedSize));
        inner.CopyTo(record.AsSpan(HeaderSize));
        Hashes.Sha256(record.AsSpan(0, record.Length - ChecksumSize)).AsSpan(0, ChecksumSize).CopyTo(record.AsSpan(record.Length - ChecksumSize));
        return record;
    }

    /// <summary>Decodes a stored record; malformed or damaged input throws <see cref="ChannelStateFormatException"/>.</summary>
    public static (PublicKey PeerNodeId, byte[] ChannelNonce, ChannelState State) Decode(ReadOnlySpan<byte> record)
    {
        if (record.Length < HeaderSize + ChecksumSize || record[0] != Magic)
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.UnknownFormat, "Not a peer channel record.");
        }

        if (!Hashes.Sha256(record[..^ChecksumSize]).AsSpan(0, ChecksumSize).SequenceEqual(record[^ChecksumSize..]))
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.Unspecified, "Stored peer channel record fails its checksum: the record is damaged.");
        }

        PublicKey peer;
        try
        {
            peer = PublicKey.FromBytes(record.Slice(1, PublicKey.CompressedSize));
        }
        catch (InvalidKeyException e)
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.Unspecified, $"The stored peer node id is not a key: {e.Message}", e);
        }

        byte[] nonce = record.Slice(1 + PublicKey.CompressedSize, PeerChannelSigners.NonceSize).ToArray();
        return (peer, nonce, ChannelStateCodec.Decode(record[HeaderSize..^ChecksumSize]));
    }
}
