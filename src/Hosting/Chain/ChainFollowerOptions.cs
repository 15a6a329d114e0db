namespace Microchannels.Hosting.Chain;

/// <summary>How a <see cref="ChainFollower"/> follows bitcoind.</summary>
public sealed record ChainFollowerOptions
{
    /// <summary>How often bitcoind's best block is asked for (it is polled; no ZMQ).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The first wait after bitcoind could not be reached; each next one doubles (with jitter).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>No wait between attempts to reach bitcoind is longer than this.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The first height to examine, given bitcoind's block count at the first connection:
    /// the block after the stored cursor, lowered to where a channel still needs the chain's
    /// past (a funding not yet deep enough, a close not yet resolved). By default, the tip.
    /// </summary>
    public Func<int, int> StartHeight { get; init; } = tip => tip;
}
