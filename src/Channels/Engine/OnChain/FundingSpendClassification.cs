namespace Microchannels.Channels.Engine.OnChain;

/// <summary>
/// The verdict of <see cref="FundingSpendClassifier"/>: the kind, the commitment number
/// when the spend is a commitment, and, for <see cref="FundingSpendKind.Unknown"/>, why.
/// </summary>
public sealed record FundingSpendClassification(FundingSpendKind Kind, ulong? CommitmentNumber, string? Reason = null)
{
    public static FundingSpendClassification Unknown(string reason) => new(FundingSpendKind.Unknown, null, reason);
}
