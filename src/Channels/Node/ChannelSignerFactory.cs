using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Signing;

namespace Microchannels.Channels.Node;

/// <summary>
/// The signer of one channel with <paramref name="peerNodeId"/>. <paramref name="channelNonce"/>
/// is the node's own random draw for that channel, stored with it (<see cref="PeerChannelRecord"/>):
/// a second channel with the same peer must never reuse a funding key or a per-commitment
/// secret the first one revealed. <paramref name="highestRevokedCommitment"/> arms the
/// signer's tripwire after a restart: it must never sign one of those commitments for broadcast.
/// </summary>
public delegate IChannelSigner ChannelSignerFactory(PublicKey peerNodeId, ReadOnlyMemory<byte> channelNonce, ulong? highestRevokedCommitment);
