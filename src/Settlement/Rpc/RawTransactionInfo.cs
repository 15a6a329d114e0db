using Microchannels.Bitcoin.Transactions;

namespace Microchannels.Settlement.Rpc;

/// <summary>
/// <c>getrawtransaction &lt;txid&gt; true</c>: the transaction (parsed from the
/// reply's "hex" with <see cref="TransactionSerializer"/>) and where it is.
/// Block fields are null while the transaction is only in the mempool.
/// </summary>
public sealed record RawTransactionInfo(
    Transaction Transaction,
    TxId TxId,
    TxId WitnessTxId,
    int Size,
    int VirtualSize,
    int Weight,
    BlockHash? BlockHash,
    int? Confirmations,
    long? BlockTime)
{
    internal static RawTransactionInfo FromJson(RpcJson json)
    {
        Transaction transaction = json.Property("hex").Transaction();
        TxId txId = json.Property("txid").TxId();

        // The reply carries both the bytes and their id; if they disagree, neither can be trusted.
        if (transaction.GetTxId() != txId)
        {
            throw json.Fail($"has txid {txId} but its hex hashes to {transaction.GetTxId()}");
        }

        return new RawTransactionInfo(
            transaction,
            txId,
            json.Property("hash").TxId(),
            json.Property("size").Int32(),
            json.Property("vsize").Int32(),
            json.Property("weight").Int32(),
            json.OptionalProperty("blockhash")?.BlockHash(),
            json.OptionalProperty("confirmations")?.Int32(),
            json.OptionalProperty("blocktime")?.Int64());
    }
}
