using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Signing;

namespace Microchannels.Channels.Node;

/// <summary>
/// The signer of the channel with <paramref name="peerNodeId"/> (one channel per meter).
/// <paramref name="highestRevokedCommitment"/> arms the signer's tripwire after a restart:
/// it must never sign one of those commitments for broadcast again.
/// </summary>
public delegate IChannelSigner ChannelSignerFactory(PublicKey peerNodeId, ulong? highestRevokedCommitment);
