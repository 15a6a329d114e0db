using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Bitcoin.Chain;

/// <summary>
/// The on-chain wallet that funds a channel the node opens (BOLT 2 "The funding_created
/// Message"). It builds and signs, but does NOT broadcast: the channel broadcasts only
/// once the peer has signed our first commitment. Settlement's meter wallet implements
/// it; tests use an in-memory one.
/// </summary>
public interface IFundingWallet
{
    /// <summary>
    /// A signed transaction from segwit inputs only (BOLT 2: "SHOULD use only BIP141
    /// (Segregated Witness) inputs", so its txid cannot be malleated) with one output
    /// paying exactly <paramref name="amount"/> to <paramref name="fundingScriptPubKey"/>.
    /// </summary>
    Task<Transaction> CreateFundingTransactionAsync(Script fundingScriptPubKey, Satoshis amount, FeeratePerKw feerate, CancellationToken cancellationToken);

    /// <summary>
    /// The opening was abandoned before <paramref name="fundingTransaction"/> was broadcast:
    /// its coins may be spent again. Never called after a broadcast (a later transaction
    /// spending the same coins could replace the funding).
    /// </summary>
    void ReleaseFundingTransaction(Transaction fundingTransaction);
}
