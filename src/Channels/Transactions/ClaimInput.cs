using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Channels.Transactions;

/// <summary>A P2WSH output one of our claim transactions spends, with what signing it needs.</summary>
public sealed record ClaimInput(OutPoint OutPoint, Satoshis Amount, Script WitnessScript, ClaimedOutputKind Kind);
