using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;

namespace Microchannels.Channels.Transactions;

/// <summary>
/// One output of a built commitment transaction, with what spending it needs:
/// its index after BIP 69 ordering, its amount, and the witness script behind a
/// P2WSH (null for the P2WPKH <c>to_remote</c>).
/// </summary>
public sealed record CommitmentOutput(CommitmentOutputKind Kind, int Index, Satoshis Amount, Script ScriptPubKey, Script? WitnessScript, Htlc? Htlc);
