namespace Microchannels.Settlement.Regtest;

/// <summary>
/// bitcoind could not be found, exited during start-up, or did not answer RPC
/// in time. The message carries the tail of its stderr, stdout and debug.log,
/// which usually names the cause ("Error: Invalid parameter ...").
/// </summary>
public sealed class BitcoindStartException : Exception
{
    public BitcoindStartException()
    {
    }

    public BitcoindStartException(string message)
        : base(message)
    {
    }

    public BitcoindStartException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>bitcoind's exit code when it exited, null when it was still running (and was killed).</summary>
    public int? ExitCode { get; init; }

    /// <summary>True when bitcoind reported that it could not bind its RPC port, so a start on other ports may succeed.</summary>
    internal bool PortInUse { get; init; }
}
