using Microchannels.Bitcoin.Scripts;

namespace Microchannels.Bitcoin.Transactions;

/// <summary>A transaction output: an amount locked by a scriptPubKey.</summary>
public sealed record TxOut(Satoshis Value, Script ScriptPubKey);
