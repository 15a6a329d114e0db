namespace Microchannels.Settlement.Rpc;

/// <summary>
/// The JSON-RPC error codes bitcoind uses that callers act on
/// (Bitcoin Core src/rpc/protocol.h, enum RPCErrorCode).
/// </summary>
public static class RpcErrorCode
{
    /// <summary>RPC_METHOD_NOT_FOUND; bitcoind sends it with HTTP 404.</summary>
    public const int MethodNotFound = -32601;

    /// <summary>RPC_MISC_ERROR: std::exception thrown in command handling.</summary>
    public const int MiscError = -1;

    /// <summary>RPC_TYPE_ERROR: a parameter of the wrong type.</summary>
    public const int TypeError = -3;

    /// <summary>RPC_WALLET_ERROR: unspecified wallet problem.</summary>
    public const int WalletError = -4;

    /// <summary>RPC_INVALID_ADDRESS_OR_KEY, also "No such mempool or blockchain transaction".</summary>
    public const int InvalidAddressOrKey = -5;

    /// <summary>RPC_WALLET_INSUFFICIENT_FUNDS.</summary>
    public const int WalletInsufficientFunds = -6;

    /// <summary>RPC_INVALID_PARAMETER.</summary>
    public const int InvalidParameter = -8;

    /// <summary>RPC_WALLET_NOT_FOUND: "Requested wallet does not exist or is not loaded".</summary>
    public const int WalletNotFound = -18;

    /// <summary>RPC_WALLET_NOT_SPECIFIED: several wallets are loaded and the URI names none.</summary>
    public const int WalletNotSpecified = -19;

    /// <summary>RPC_DESERIALIZATION_ERROR: "TX decode failed" and the like.</summary>
    public const int DeserializationError = -22;

    /// <summary>RPC_VERIFY_ERROR (RPC_TRANSACTION_ERROR): general error during submission, e.g. "bad-txns-inputs-missingorspent".</summary>
    public const int VerifyError = -25;

    /// <summary>RPC_VERIFY_REJECTED (RPC_TRANSACTION_REJECTED): rejected by network rules.</summary>
    public const int VerifyRejected = -26;

    /// <summary>RPC_VERIFY_ALREADY_IN_UTXO_SET: the transaction is already confirmed.</summary>
    public const int VerifyAlreadyInUtxoSet = -27;

    /// <summary>RPC_IN_WARMUP: the node is still starting ("Loading block index...").</summary>
    public const int InWarmup = -28;

    /// <summary>RPC_WALLET_ALREADY_LOADED.</summary>
    public const int WalletAlreadyLoaded = -35;

    /// <summary>RPC_WALLET_ALREADY_EXISTS.</summary>
    public const int WalletAlreadyExists = -36;
}
