namespace Microchannels.Settlement.Rpc;

/// <summary>
/// Where bitcoind listens, how to authenticate, and the retry policy for
/// transient faults (DESIGN.md decision 7). One call may take several attempts:
/// at most <see cref="MaxRetries"/> retries, waiting about
/// <see cref="BaseDelay"/>, then twice that, and so on (exponential backoff with
/// jitter, each wait capped at <see cref="MaxDelay"/>), and never longer than
/// <see cref="Timeout"/> in all.
/// </summary>
/// <param name="Endpoint">The RPC root, e.g. http://127.0.0.1:18443/ for regtest.</param>
/// <param name="Credentials">Cookie file or user/password.</param>
public sealed record BitcoindRpcOptions(Uri Endpoint, BitcoindCredentials Credentials)
{
    /// <summary>Total time for one call, all attempts and waits included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt; 0 disables retrying.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The median wait before the first retry; later waits grow exponentially.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>No single wait is longer than this.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Randomises the waits (Polly's decorrelated jitter) so many clients that
    /// failed together do not retry together. Off only to make waits exact in tests.
    /// </summary>
    public bool UseJitter { get; init; } = true;

    /// <summary>Told about each retry before its wait, e.g. to log it.</summary>
    public Action<BitcoindRetryNotice>? OnRetry { get; init; }

    /// <summary>The regtest default port of bitcoind's RPC server (chainparamsbase.cpp).</summary>
    public const int RegtestRpcPort = 18443;

    /// <summary>Options for a node on this machine using its cookie file.</summary>
    public static BitcoindRpcOptions ForLocalNode(int rpcPort, string dataDirectory, string chain = "regtest") =>
        new(new Uri($"http://127.0.0.1:{rpcPort}/"), BitcoindCredentials.FromDataDirectory(dataDirectory, chain));

    /// <summary>Throws <see cref="ArgumentException"/> for settings the retry policy cannot honour.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Endpoint);
        ArgumentNullException.ThrowIfNull(Credentials);
        if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The bitcoind endpoint must be an absolute http(s) URI, got '{Endpoint}'.", nameof(Endpoint));
        }

        // Polly's timeout strategy accepts 10 ms to 24 h.
        if (Timeout <= TimeSpan.FromMilliseconds(10) || Timeout >= TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "Timeout must be above 10 ms and below 24 h.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRetries, 1000);
        if (BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay || MaxDelay > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(BaseDelay), BaseDelay, "Need 0 <= BaseDelay <= MaxDelay <= 24 h.");
        }
    }
}
