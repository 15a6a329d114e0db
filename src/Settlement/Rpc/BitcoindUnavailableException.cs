namespace Microchannels.Settlement.Rpc;

/// <summary>
/// bitcoind could not be reached or did not answer: connection refused, a
/// dropped connection, HTTP 5xx without a JSON-RPC body ("Work queue depth
/// exceeded"), a missing cookie file while the node starts, or the total timeout.
/// Thrown after the retry policy gave up; <see cref="Attempts"/> says how often it tried.
/// </summary>
public sealed class BitcoindUnavailableException : BitcoindException
{
    public BitcoindUnavailableException()
        : base("bitcoind is unavailable.")
    {
    }

    public BitcoindUnavailableException(string message)
        : base(message)
    {
    }

    public BitcoindUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>How many requests were made before giving up (1 when nothing was retried).</summary>
    public int Attempts { get; init; } = 1;
}
