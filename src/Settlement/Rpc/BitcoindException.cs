namespace Microchannels.Settlement.Rpc;

/// <summary>
/// Base of every failure talking to bitcoind, so a caller can catch "the chain
/// backend failed" in one place. The subclass says what to do about it:
/// <see cref="BitcoindRpcException"/> (bitcoind answered with an error: do not
/// repeat the same call), <see cref="BitcoindUnavailableException"/> (no answer:
/// try later), <see cref="BitcoindAuthenticationException"/> (fix the
/// configuration) and <see cref="BitcoindProtocolException"/> (the answer made no
/// sense: a bug or a wrong endpoint).
/// </summary>
public abstract class BitcoindException : Exception
{
    protected BitcoindException(string message)
        : base(message)
    {
    }

    protected BitcoindException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The RPC method that failed.</summary>
    public string Method { get; init; } = string.Empty;

    /// <summary>
    /// Set by the client when repeating the request is safe and may succeed
    /// (DESIGN.md decision 7: retry transient faults only). Read by the retry policy.
    /// </summary>
    internal bool IsTransient { get; init; }
}
