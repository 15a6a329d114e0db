namespace Microchannels.Channels.Transactions;

/// <summary>Why a claim transaction was not built (eclair's <c>TxGenerationSkipped</c>, STYLE.md #3).</summary>
public enum ClaimSkipReason
{
    /// <summary>There was no output to claim.</summary>
    NothingToClaim,

    /// <summary>After the fee, the claimed amount would be below the dust limit: not worth a transaction.</summary>
    AmountBelowDustLimit,
}
