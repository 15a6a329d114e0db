namespace Microchannels.Settlement.Rpc;

/// <summary>
/// bitcoind answered with a JSON-RPC error object. <see cref="Code"/> and
/// <see cref="RpcMessage"/> are bitcoind's own, verbatim, so a rejected
/// transaction surfaces with bitcoind's reason (for example
/// <c>sendrawtransaction</c> failing with code -26 and
/// "mempool-script-verify-flag-failed (...)"). The codes are listed in
/// <see cref="RpcErrorCode"/>.
/// </summary>
public sealed class BitcoindRpcException : BitcoindException
{
    public BitcoindRpcException(string method, int code, string rpcMessage)
        : base($"bitcoind {method} failed: RPC error {code}: {rpcMessage}")
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(rpcMessage);
        Method = method;
        Code = code;
        RpcMessage = rpcMessage;
    }

    public BitcoindRpcException()
        : this("bitcoind answered with an RPC error.")
    {
    }

    public BitcoindRpcException(string message)
        : base(message)
    {
        RpcMessage = message;
    }

    public BitcoindRpcException(string message, Exception innerException)
        : base(message, innerException)
    {
        RpcMessage = message;
    }

    /// <summary>The "code" of bitcoind's error object (rpc/protocol.h RPCErrorCode).</summary>
    public int Code { get; }

    /// <summary>The "message" of bitcoind's error object, unchanged.</summary>
    public string RpcMessage { get; }

    /// <summary>The HTTP status bitcoind sent with the error (500, or 404 for an unknown method, with JSON-RPC 1.0 requests).</summary>
    public int HttpStatus { get; init; }
}
