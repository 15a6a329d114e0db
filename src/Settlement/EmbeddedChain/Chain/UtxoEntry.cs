using NBitcoin;

namespace Microchannels.EmbeddedChain.Chain;

/// <summary>An unspent output as bitcoind's coins database holds it (coins.h Coin): the output, its height, and whether a coinbase made it.</summary>
public sealed record UtxoEntry(TxOut Output, int Height, bool IsCoinbase);
