using Microchannels.Channels.Engine.StateMachine;

namespace Microchannels.Channels.Node;

/// <summary>
/// Called around every action the runner performs. Production code passes none; crash
/// tests throw from it to stop the node exactly before or after a persist or a send.
/// </summary>
public delegate ValueTask ActionHook(ChannelAction action, bool performed);
