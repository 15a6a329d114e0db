using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Settlement.Wallet;

/// <summary>An unspent P2WPKH output of the wallet: where it is, what it holds, which key spends it, and the height of its block.</summary>
public sealed record WalletCoin(OutPoint OutPoint, Satoshis Value, Script ScriptPubKey, int KeyIndex, int Height);
