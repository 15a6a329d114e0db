namespace Microchannels.Settlement.Rpc;

/// <summary>
/// bitcoind (or whatever listens at the endpoint) answered something that is
/// not the JSON-RPC reply we asked for: an unexpected HTTP status without an
/// error body (404 for an unknown path, such as <c>/wallet/...</c> on a node
/// without wallet support), malformed JSON, a mismatched id, or a result
/// missing a field or holding a value of the wrong type. Never retried.
/// </summary>
public sealed class BitcoindProtocolException : BitcoindException
{
    public BitcoindProtocolException()
        : base("bitcoind sent an unexpected reply.")
    {
    }

    public BitcoindProtocolException(string message)
        : base(message)
    {
    }

    public BitcoindProtocolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status of the reply, or 0 when the status was fine and the body was not.</summary>
    public int HttpStatus { get; init; }
}
