namespace Microchannels.EmbeddedChain.Rpc;

/// <summary>A JSON-RPC error with bitcoind's code (rpc/protocol.h RPCErrorCode) and message.</summary>
public sealed class RpcException : Exception
{
    public RpcException()
    {
    }

    public RpcException(string message)
        : base(message)
    {
    }

    public RpcException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RpcException(int code, string message)
        : base(message)
    {
        Code = code;
    }

    public RpcException(int code, string message, Exception innerException)
        : base(message, innerException)
    {
        Code = code;
    }

    public int Code { get; } = RpcCodes.MiscError;
}
