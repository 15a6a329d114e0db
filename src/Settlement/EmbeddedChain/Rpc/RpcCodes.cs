namespace Microchannels.EmbeddedChain.Rpc;

/// <summary>bitcoind's JSON-RPC error codes (rpc/protocol.h) that this node answers with.</summary>
public static class RpcCodes
{
    public const int MethodNotFound = -32601;
    public const int InvalidRequest = -32600;
    public const int ParseError = -32700;
    public const int MiscError = -1;
    public const int TypeError = -3;
    public const int WalletError = -4;
    public const int InvalidAddressOrKey = -5;
    public const int WalletInsufficientFunds = -6;
    public const int InvalidParameter = -8;
    public const int WalletNotFound = -18;
    public const int WalletNotSpecified = -19;
    public const int DeserializationError = -22;
    public const int VerifyError = -25;
    public const int VerifyRejected = -26;
    public const int VerifyAlreadyInUtxoSet = -27;
    public const int WalletAlreadyLoaded = -35;
    public const int WalletAlreadyExists = -36;
}
