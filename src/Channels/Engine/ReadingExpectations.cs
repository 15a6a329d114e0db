using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine;

/// <summary>
/// What the provider knows, outside any one channel, about the readings a meter
/// may pay with (docs/PROTOCOL.md, "The signed reading, version 2"): its own chain
/// and node id, and the hash of the meter's last reading on its previous channel,
/// to which the first reading of a new channel must chain. Given to the engine with
/// each input, never stored in the channel: the node owns these facts.
/// </summary>
/// <param name="FirstPredecessor">
/// The meter's last reading before this channel, from the node's records; null when
/// the node has none (the meter's first channel here), and the first reading's
/// predecessor is then learnt, not checked.
/// </param>
/// <param name="AcceptVersion1">
/// Whether a version-1 reading may still pay. False for every provider node: a v1
/// signature binds no channel, provider or amount.
/// </param>
public sealed record ReadingExpectations(ChainHash ChainHash, Point ProviderNodeId, Sha256Hash? FirstPredecessor = null, bool AcceptVersion1 = false);
