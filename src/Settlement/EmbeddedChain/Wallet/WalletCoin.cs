using NBitcoin;

namespace Microchannels.EmbeddedChain.Wallet;

/// <summary>
/// An output the wallet can spend: <see cref="Confirmations"/> is 0 in the mempool;
/// <see cref="Trusted"/> is bitcoind's notion (confirmed, or unconfirmed change of the
/// wallet's own transaction); an immature coinbase is not <see cref="Mature"/>.
/// </summary>
public sealed record WalletCoin(OutPoint OutPoint, TxOut Output, int Confirmations, bool Mature, bool Trusted);
