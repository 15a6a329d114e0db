using System.Diagnostics.CodeAnalysis;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Chain;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Settlement.Wallet;

/// <summary>
/// The channel engine's funding wallet (<see cref="IFundingWallet"/>, BOLT 2 "The
/// funding_created Message") over a <see cref="MeterWallet"/>: each request builds and
/// signs with <see cref="MeterWallet.BuildFundingTransaction"/>, which reserves the coins
/// spent, and returns the transaction unbroadcast (the engine broadcasts it once
/// <c>funding_signed</c> is valid). What was built is kept by txid, so the host can read the
/// fee and change (<see cref="TryGetCreated"/>) and, when the opening is abandoned before the
/// funding was broadcast, give the coins back (<see cref="Abandon"/>).
/// Not thread-safe, like the wallet underneath: serve one request at a time.
/// </summary>
/// <remarks>
/// Reservations live in memory only. A restart, or <c>MeterWallet.RescanAsync</c>,
/// forgets them; a stored opening then broadcasts its funding again (BOLT 2 "Message
/// Retransmission"), so its coins are spent as planned, and an unstored one is gone anyway.
/// </remarks>
public sealed class MeterFundingWallet : IFundingWallet
{
    private readonly MeterWallet _wallet;
    private readonly Dictionary<TxId, FundingTransaction> _created = [];

    public MeterFundingWallet(MeterWallet wallet)
    {
        ArgumentNullException.ThrowIfNull(wallet);
        _wallet = wallet;
    }

    /// <summary>
    /// A signed transaction from the wallet's P2WPKH coins (native segwit, so its txid
    /// cannot be malleated: BOLT 2 "SHOULD use only BIP141 (Segregated Witness) inputs")
    /// paying exactly <paramref name="amount"/> to <paramref name="fundingScriptPubKey"/>
    /// once, plus change when it is not dust, at no less than <paramref name="feerate"/>.
    /// Insufficient funds fault the task with <see cref="InsufficientFundsException"/>; a
    /// script that is not P2WSH or a dust amount throws at once (the caller's mistake).
    /// </summary>
    public Task<Transaction> CreateFundingTransactionAsync(Script fundingScriptPubKey, Satoshis amount, FeeratePerKw feerate, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<Transaction>(cancellationToken);
        }

        FundingTransaction built;
        try
        {
            built = _wallet.BuildFundingTransaction(fundingScriptPubKey, amount, feerate);
        }
        catch (InsufficientFundsException e)
        {
            return Task.FromException<Transaction>(e);
        }

        _created[built.TxId] = built;
        return Task.FromResult(built.Transaction);
    }

    /// <summary>The funding transaction built with txid <paramref name="txId"/>, with its fee, change and coins.</summary>
    public bool TryGetCreated(TxId txId, [NotNullWhen(true)] out FundingTransaction? funding) =>
        _created.TryGetValue(txId, out funding);

    /// <summary>The engine gave up the opening before broadcasting: release its coins (<see cref="Abandon"/>).</summary>
    void IFundingWallet.ReleaseFundingTransaction(Transaction fundingTransaction)
    {
        ArgumentNullException.ThrowIfNull(fundingTransaction);
        Abandon(fundingTransaction.GetTxId());
    }

    /// <summary>
    /// The opening that asked for <paramref name="txId"/> was abandoned before the funding
    /// was broadcast (the engine reached <c>OpeningAborted</c>, or stopped before storing
    /// the opening): its coins are spendable again (<see cref="MeterWallet.ReleaseReservation"/>).
    /// Never call it once the engine asked to broadcast the funding. Returns false for a
    /// txid this wallet did not build or already abandoned.
    /// </summary>
    public bool Abandon(TxId txId)
    {
        if (!_created.Remove(txId, out FundingTransaction? funding))
        {
            return false;
        }

        _wallet.ReleaseReservation(funding);
        return true;
    }
}
