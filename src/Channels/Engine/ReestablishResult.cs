using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine;

/// <summary>
/// The outcome of a successful <c>channel_reestablish</c>: the state to continue
/// from and the messages to retransmit, in order.
/// </summary>
public sealed record ReestablishResult(Commitments State, IReadOnlyList<LightningMessage> Retransmit);
