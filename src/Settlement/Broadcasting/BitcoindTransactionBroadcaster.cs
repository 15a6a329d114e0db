using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Chain;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Rpc;

namespace Microchannels.Settlement.Broadcasting;

/// <summary>
/// The engine's <see cref="ITransactionBroadcaster"/> over bitcoind's <c>sendrawtransaction</c>.
/// Idempotent, as the interface requires: a transaction already in the mempool or already
/// confirmed counts as broadcast. Any other refusal throws
/// <see cref="TransactionRejectedException"/> with bitcoind's reason and is not repeated here
/// (the client's policy retries only transport faults, which throw
/// <see cref="BitcoindUnavailableException"/>); the shell decides when to try again, usually
/// on the next block.
/// </summary>
public sealed class BitcoindTransactionBroadcaster : ITransactionBroadcaster
{
    private readonly BitcoindRpcClient _rpc;
    private readonly Satoshis? _maxFeeRatePerKilovbyte;

    /// <param name="rpc">The node to broadcast through.</param>
    /// <param name="maxFeeRatePerKilovbyte">
    /// bitcoind's <c>maxfeerate</c> guard; null keeps its default (0.10 BTC/kvB). A penalty
    /// that must win a race may need more, zero disables the guard.
    /// </param>
    public BitcoindTransactionBroadcaster(BitcoindRpcClient rpc, Satoshis? maxFeeRatePerKilovbyte = null)
    {
        _rpc = rpc ?? throw new ArgumentNullException(nameof(rpc));
        _maxFeeRatePerKilovbyte = maxFeeRatePerKilovbyte;
    }

    public Task BroadcastAsync(Transaction transaction, CancellationToken cancellationToken) =>
        SendAsync(transaction, cancellationToken);

    /// <summary>Broadcasts <paramref name="transaction"/> and says where it is now.</summary>
    public async Task<BroadcastOutcome> SendAsync(Transaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        TxId txId = transaction.GetTxId();
        try
        {
            await _rpc.SendRawTransactionAsync(transaction, _maxFeeRatePerKilovbyte, cancellationToken).ConfigureAwait(false);
            return BroadcastOutcome.InMempool;
        }
        catch (BitcoindRpcException rejection)
        {
            if (RejectReasons.AlreadyBroadcast(rejection) is { } outcome)
            {
                return outcome;
            }

            // A confirmed transaction whose outputs are all spent again looks like one whose
            // inputs are gone; only the chain can tell the two apart.
            if (RejectReasons.Split(rejection.RpcMessage).Reason == RejectReasons.InputsMissingOrSpent &&
                await IsConfirmedAsync(txId, cancellationToken).ConfigureAwait(false))
            {
                return BroadcastOutcome.AlreadyConfirmed;
            }

            throw new TransactionRejectedException(txId, rejection);
        }
    }

    /// <summary>
    /// Whether bitcoind knows <paramref name="txId"/> as confirmed. <c>getrawtransaction</c>
    /// finds confirmed transactions only with <c>-txindex</c>; without it the answer is
    /// "no such transaction" and the rejection stands.
    /// </summary>
    private async Task<bool> IsConfirmedAsync(TxId txId, CancellationToken cancellationToken)
    {
        try
        {
            RawTransactionInfo info = await _rpc.GetRawTransactionInfoAsync(txId, cancellationToken: cancellationToken).ConfigureAwait(false);
            return info.Confirmations is > 0;
        }
        catch (BitcoindRpcException e) when (e.Code == RpcErrorCode.InvalidAddressOrKey)
        {
            return false;
        }
    }
}
