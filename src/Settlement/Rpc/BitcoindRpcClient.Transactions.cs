using System.Collections.Immutable;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Settlement.Rpc;

/// <summary>Transaction, mempool and fee calls (Bitcoin Core rpc/rawtransaction.cpp, rpc/mempool.cpp, rpc/fees.cpp).</summary>
public sealed partial class BitcoindRpcClient
{
    /// <summary>
    /// <c>getrawtransaction &lt;txid&gt; false</c>, parsed. Finds mempool transactions,
    /// and confirmed ones with <c>-txindex</c> or when <paramref name="blockHash"/> is
    /// given; otherwise RPC error -5.
    /// </summary>
    public async Task<Transaction> GetRawTransactionAsync(TxId txId, BlockHash? blockHash = null, CancellationToken cancellationToken = default)
    {
        RpcJson json = await CallAsync("getrawtransaction", true, cancellationToken, txId.ToString(), false, blockHash?.ToString())
            .ConfigureAwait(false);
        Transaction transaction = json.Transaction();
        if (transaction.GetTxId() != txId)
        {
            throw json.Fail($"hashes to {transaction.GetTxId()}, not the requested {txId}");
        }

        return transaction;
    }

    /// <summary><c>getrawtransaction &lt;txid&gt; true</c>: the transaction and where it is confirmed.</summary>
    public async Task<RawTransactionInfo> GetRawTransactionInfoAsync(TxId txId, BlockHash? blockHash = null, CancellationToken cancellationToken = default)
    {
        RawTransactionInfo info = RawTransactionInfo.FromJson(
            await CallAsync("getrawtransaction", true, cancellationToken, txId.ToString(), true, blockHash?.ToString()).ConfigureAwait(false));
        return info.TxId == txId
            ? info
            : throw new BitcoindProtocolException($"bitcoind getrawtransaction returned {info.TxId} for {txId}.") { Method = "getrawtransaction" };
    }

    /// <summary><c>gettxout</c>: the unspent output at <paramref name="outPoint"/>, or null when it is spent or never existed.</summary>
    public async Task<TxOutInfo?> GetTxOutAsync(OutPoint outPoint, bool includeMempool = true, CancellationToken cancellationToken = default)
    {
        RpcJson json = await CallAsync("gettxout", true, cancellationToken, outPoint.TxId.ToString(), (long)outPoint.Index, includeMempool)
            .ConfigureAwait(false);
        return json.IsNull ? null : TxOutInfo.FromJson(json);
    }

    /// <summary>
    /// <c>sendrawtransaction</c>. A rejection throws <see cref="BitcoindRpcException"/>
    /// with bitcoind's reason (code -26 policy/consensus, -25 missing inputs,
    /// -27 already confirmed) and is never retried. Sending the same transaction
    /// again is harmless, so transport faults are retried.
    /// </summary>
    /// <param name="maxFeeRatePerKilovbyte">bitcoind's <c>maxfeerate</c> guard; null keeps its default (0.10 BTC/kvB), zero disables it.</param>
    public async Task<TxId> SendRawTransactionAsync(Transaction transaction, Satoshis? maxFeeRatePerKilovbyte = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        RpcJson json = await CallAsync("sendrawtransaction", true, cancellationToken, Hex(transaction), MaxFeeRate(maxFeeRatePerKilovbyte))
            .ConfigureAwait(false);
        TxId txId = json.TxId();
        return txId == transaction.GetTxId() ? txId : throw json.Fail($"is {txId}, but the transaction sent is {transaction.GetTxId()}");
    }

    /// <summary>
    /// <c>testmempoolaccept</c>: would bitcoind accept these transactions (parents
    /// first, at most 25) into its mempool now? One result per transaction, in order.
    /// </summary>
    public async Task<ImmutableArray<MempoolAcceptResult>> TestMempoolAcceptAsync(
        IReadOnlyList<Transaction> transactions, Satoshis? maxFeeRatePerKilovbyte = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        RpcJson json = await CallAsync("testmempoolaccept", true, cancellationToken, transactions.Select(Hex).ToArray(), MaxFeeRate(maxFeeRatePerKilovbyte))
            .ConfigureAwait(false);
        ImmutableArray<MempoolAcceptResult> results = [.. json.Items().Select(MempoolAcceptResult.FromJson)];
        return results.Length == transactions.Count
            ? results
            : throw json.Fail($"has {results.Length} results for {transactions.Count} transactions");
    }

    /// <summary><c>getrawmempool</c>: the txids in the mempool.</summary>
    public async Task<ImmutableArray<TxId>> GetRawMempoolAsync(CancellationToken cancellationToken = default) =>
        [.. (await CallAsync("getrawmempool", true, cancellationToken).ConfigureAwait(false)).Items().Select(item => item.TxId())];

    /// <summary><c>estimatesmartfee</c> for confirmation within <paramref name="confirmationTarget"/> blocks (1 to 1008).</summary>
    public async Task<SmartFeeEstimate> EstimateSmartFeeAsync(
        int confirmationTarget, FeeEstimateMode mode = FeeEstimateMode.NodeDefault, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(confirmationTarget, 1);
        string? modeName = mode switch
        {
            FeeEstimateMode.NodeDefault => null,
            FeeEstimateMode.Economical => "economical",
            FeeEstimateMode.Conservative => "conservative",
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown fee estimate mode."),
        };
        return SmartFeeEstimate.FromJson(await CallAsync("estimatesmartfee", true, cancellationToken, confirmationTarget, modeName).ConfigureAwait(false));
    }

    private static string Hex(Transaction transaction) => Convert.ToHexStringLower(TransactionSerializer.Serialize(transaction));

    private static decimal? MaxFeeRate(Satoshis? perKilovbyte) =>
        perKilovbyte is { } rate ? BtcAmount.ToBtc(rate) : null;
}
