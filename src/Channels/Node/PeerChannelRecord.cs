using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Persistence;
using Microchannels.Channels.Engine.StateMachine;

namespace Microchannels.Channels.Node;

/// <summary>
/// How a node that serves many peers stores a channel: the peer's node id, then the
/// <see cref="ChannelStateCodec"/> bytes. The node id binds the channel to the one peer that
/// opened it, so after a restart a channel answers only that peer's BOLT 8 identity
/// (anyone can learn a channel_id from the chain; a stranger's <c>channel_reestablish</c>
/// must not be able to fail it), and the node can run every stored channel's signer and
/// chain watch before its peer reconnects.
/// </summary>
public static class PeerChannelRecord
{
    private const byte Magic = 0x50; // 'P'

    public static byte[] Encode(PublicKey peerNodeId, ChannelState state)
    {
        ArgumentNullException.ThrowIfNull(peerNodeId);
        byte[] inner = ChannelStateCodec.Encode(state);
        byte[] record = new byte[1 + PublicKey.CompressedSize + inner.Length];
        record[0] = Magic;
        peerNodeId.AsSpan().CopyTo(record.AsSpan(1));
        inner.CopyTo(record.AsSpan(1 + PublicKey.CompressedSize));
        return record;
    }

    /// <summary>Decodes a stored record; malformed input throws <see cref="ChannelStateFormatException"/>.</summary>
    public static (PublicKey PeerNodeId, ChannelState State) Decode(ReadOnlySpan<byte> record)
    {
        if (record.Length < 1 + PublicKey.CompressedSize || record[0] != Magic)
        {
            throw new ChannelStateFormatException(ChannelStateFormatReason.UnknownFormat, "Not a peer channel record.");
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

        return (peer, ChannelStateCodec.Decode(record[(1 + PublicKey.CompressedSize)..]));
    }
}
