namespace Microchannels.Demo.Run;

/// <summary>
/// How one channel ended, every figure read from the chain or the daemons: its funding and
/// closing transactions, the final balances on chain, and what was paid through it.
/// Written to summary.json for tests and scripts.
/// </summary>
internal sealed record ChannelOutcome
{
    public required string Meter { get; init; }

    public required string Load { get; init; }

    public required string MeterNodeId { get; init; }

    public required string ChannelId { get; init; }

    /// <summary>"cooperative" or "force".</summary>
    public required string Close { get; init; }

    public required string FundingTxid { get; init; }

    public uint FundingOutputIndex { get; init; }

    public long FundingSat { get; init; }

    public int? FundingConfirmations { get; init; }

    /// <summary>The mutual closing transaction, or the provider's commitment for a force close.</summary>
    public required string ClosingTxid { get; init; }

    public int? ClosingConfirmations { get; init; }

    /// <summary>The provider's sweep of its delayed to_local output (force close only; none when that output was trimmed as dust).</summary>
    public string? SweepTxid { get; init; }

    public int? SweepConfirmations { get; init; }

    /// <summary>The sweep input's nSequence: the to_self_delay the meter imposed on the provider (BOLT 3 to_local).</summary>
    public uint? ToSelfDelay { get; init; }

    /// <summary>Blocks from the commitment's confirmation to the sweep's.</summary>
    public int? SweepAfterBlocks { get; init; }

    public long MeterFinalSat { get; init; }

    public long ProviderFinalSat { get; init; }

    /// <summary>Every fee paid on chain after the funding: the closing (or commitment) transaction's and the sweep's.</summary>
    public long FeesSat { get; init; }

    /// <summary>The provider's output of the closing or commitment transaction, before any sweep; null when it was left out as dust.</summary>
    public long? ProviderCloseOutputSat { get; init; }

    /// <summary>What the meter paid, as the provider's API reports for the channel.</summary>
    public ulong ReceivedMsat { get; init; }

    /// <summary>What the provider paid back, as its API reports.</summary>
    public ulong SentMsat { get; init; }

    /// <summary>The sum of the channel's transfers streamed by SubscribeTransfers (received less sent).</summary>
    public long JournalNetMsat { get; init; }

    public int TransferCount { get; init; }

    /// <summary>What the meter daemon says the provider acknowledged.</summary>
    public ulong MeterPaidMsat { get; init; }

    /// <summary>The verified billing statement, one line; or why there is none.</summary>
    public string Statement { get; init; } = "";

    public bool StatementVerified { get; init; }

    /// <summary>Every check that failed, in words; empty when the channel adds up.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
