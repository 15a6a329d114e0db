namespace Microchannels.Settlement.Rpc;

/// <summary>
/// bitcoind refused the credentials (HTTP 401) or the user may not call the
/// method (HTTP 403, <c>-rpcwhitelist</c>). Never retried: the same credentials
/// will fail again. The message names the cookie file or user that was used.
/// </summary>
public sealed class BitcoindAuthenticationException : BitcoindException
{
    public BitcoindAuthenticationException()
        : base("bitcoind refused the RPC credentials.")
    {
    }

    public BitcoindAuthenticationException(string message)
        : base(message)
    {
    }

    public BitcoindAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>401 or 403.</summary>
    public int HttpStatus { get; init; }
}
