using Microchannels.Settlement.Rpc;

namespace Microchannels.Settlement.Broadcasting;

/// <summary>
/// Reading bitcoind's answers to <c>sendrawtransaction</c>. Its error message is
/// <c>TxValidationState::ToString()</c>: the reject reason, then ", " and a debug message
/// when there is one (Bitcoin Core consensus/validation.h).
/// </summary>
internal static class RejectReasons
{
    /// <summary>
    /// Bitcoin Core validation.cpp MemPoolAccept::PreChecks: the exact transaction is in
    /// the mempool. node/transaction.cpp BroadcastTransaction answers that case with the
    /// txid, but the mempool check and the submission are separate steps, so a race can
    /// still surface it.
    /// </summary>
    public const string AlreadyInMempool = "txn-already-in-mempool";

    /// <summary>PreChecks: the same txid with a different witness is in the mempool; the effects on the chain are the same.</summary>
    public const string SameTxIdInMempool = "txn-same-nonwitness-data-in-mempool";

    /// <summary>PreChecks: an output of the transaction is in the UTXO set, so it is confirmed.</summary>
    public const string AlreadyKnown = "txn-already-known";

    /// <summary>PreChecks: an input is missing or spent; when the spender is this very transaction, it is confirmed already.</summary>
    public const string InputsMissingOrSpent = "bad-txns-inputs-missingorspent";

    /// <summary>
    /// The reason and the debug message of a rejection: split at the first ", " outside
    /// parentheses, since reasons such as "mempool-script-verify-flag-failed (...)" and
    /// messages such as "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)"
    /// carry commas of their own inside them.
    /// </summary>
    public static (string Reason, string? Details) Split(string message)
    {
        int depth = 0;
        for (int i = 0; i < message.Length; i++)
        {
            switch (message[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth = Math.Max(0, depth - 1);
                    break;
                case ',' when depth == 0 && i + 1 < message.Length && message[i + 1] == ' ':
                    return (message[..i], message[(i + 2)..]);
            }
        }

        return (message, null);
    }

    /// <summary>The outcome when the rejection says the transaction is already where it should be, else null.</summary>
    public static BroadcastOutcome? AlreadyBroadcast(BitcoindRpcException rejection)
    {
        // node/transaction.cpp: "If the transaction is already confirmed in the chain, don't do
        // anything" -> TransactionError::ALREADY_IN_UTXO_SET -> RPC_VERIFY_ALREADY_IN_UTXO_SET
        // ("Transaction outputs already in utxo set"; "Transaction already in block chain" before v0.21).
        if (rejection.Code == RpcErrorCode.VerifyAlreadyInUtxoSet)
        {
            return BroadcastOutcome.AlreadyConfirmed;
        }

        return Split(rejection.RpcMessage).Reason switch
        {
            AlreadyInMempool or SameTxIdInMempool => BroadcastOutcome.InMempool,
            AlreadyKnown => BroadcastOutcome.AlreadyConfirmed,
            _ => null,
        };
    }
}
