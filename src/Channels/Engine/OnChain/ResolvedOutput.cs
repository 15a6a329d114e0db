using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Channels.Engine.OnChain;

/// <summary>
/// An output that ends the close in our wallet: the P2WPKH of our <c>payment_basepoint</c>
/// (a <c>to_remote</c> under <c>option_static_remotekey</c>, the output of our sweep or
/// penalty) or our output of a mutual close. BOLT 5 "General Nomenclature": such an output
/// is <em>resolved</em> by the transaction that holds it.
/// </summary>
public readonly record struct ResolvedOutput(OutPoint OutPoint, Satoshis Amount);
