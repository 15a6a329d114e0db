using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Node;

/// <summary>
/// A stored channel's keys are not those its signer derives (a different node seed, or a
/// record that is not this node's). Running it would sign with the wrong keys and could
/// not punish a breach, so the node refuses to start rather than run it.
/// </summary>
public sealed class StoredChannelKeysMismatchException : Exception
{
    public StoredChannelKeysMismatchException(PublicKey peerNodeId, ChannelId channelId)
        : base($"Channel {channelId} with {peerNodeId}: the stored keys are not the ones this node's seed derives; refusing to run it.")
    {
        PeerNodeId = peerNodeId;
        ChannelId = channelId;
    }

    public PublicKey PeerNodeId { get; }

    public ChannelId ChannelId { get; }
}
