using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine;

/// <summary>
/// A direct balance transfer (our <c>update_transfer</c>, docs/PROTOCOL.md): moves
/// <paramref name="Amount"/> from its proposer to the other side, paying for the
/// signed meter reading it carries (DESIGN.md decision 6).
/// </summary>
public sealed record TransferUpdate(ulong Id, MilliSatoshis Amount, SignedMeterReading Reading) : ChannelUpdate;
