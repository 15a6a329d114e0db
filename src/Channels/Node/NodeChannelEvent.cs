using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Node;

/// <summary>An application event of one of a node's channels (completed transfers, a watch request, a failure).</summary>
public sealed record NodeChannelEvent(PublicKey PeerNodeId, ChannelId ChannelId, ChannelAction Action);
