using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Rpc;

namespace Microchannels.Settlement.Broadcasting;

/// <summary>
/// bitcoind refused a transaction we broadcast: it is invalid now (a consensus or policy
/// rule, an input spent or missing, a relative timelock not yet reached) and sending the
/// same bytes again cannot help until the chain changes. <see cref="Reason"/> is bitcoind's
/// reject reason (the part of its message before the first ", ", e.g. "non-BIP68-final",
/// "bad-txns-inputs-missingorspent"); <see cref="RpcMessage"/> is its whole message.
/// The <see cref="Exception.InnerException"/> is the <see cref="BitcoindRpcException"/>.
/// </summary>
public sealed class TransactionRejectedException : BitcoindException
{
    public TransactionRejectedException(TxId txId, BitcoindRpcException rejection)
        : base($"bitcoind rejected transaction {txId}: RPC error {rejection?.Code}: {rejection?.RpcMessage}", rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        TxId = txId;
        Code = rejection.Code;
        RpcMessage = rejection.RpcMessage;
        (Reason, Details) = RejectReasons.Split(rejection.RpcMessage);
        Method = rejection.Method;
    }

    public TransactionRejectedException()
        : this("bitcoind rejected a transaction.")
    {
    }

    public TransactionRejectedException(string message)
        : base(message)
    {
        RpcMessage = message;
        Reason = message;
    }

    public TransactionRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        RpcMessage = message;
        Reason = message;
    }

    /// <summary>The transaction that was refused.</summary>
    public TxId TxId { get; }

    /// <summary>bitcoind's RPC error code (<see cref="RpcErrorCode"/>): -26 rejected by policy or consensus, -25 inputs missing or spent, -22 not decodable.</summary>
    public int Code { get; }

    /// <summary>bitcoind's reject reason, e.g. "non-BIP68-final" (Bitcoin Core validation.cpp).</summary>
    public string Reason { get; }

    /// <summary>What bitcoind added after the reason (its debug message), or null.</summary>
    public string? Details { get; }

    /// <summary>bitcoind's message, unchanged.</summary>
    public string RpcMessage { get; }
}
