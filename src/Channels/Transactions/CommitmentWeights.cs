using Microchannels.Bitcoin;

namespace Microchannels.Channels.Transactions;

/// <summary>
/// BOLT 3 "Fee Calculation" expected weights (Appendix A), without
/// <c>option_anchors</c>, and the trimming rule of "Trimmed Outputs".
/// </summary>
public static class CommitmentWeights
{
    public const int CommitmentBase = 724;
    public const int PerHtlcOutput = 172;
    public const int HtlcTimeout = 663;
    public const int HtlcSuccess = 703;

    /// <summary>"Multiply feerate_per_kw by 663 and divide by 1000 (rounding down)."</summary>
    public static Satoshis HtlcTimeoutFee(FeeratePerKw feerate) => feerate.FeeForWeight(HtlcTimeout);

    /// <summary>"Multiply feerate_per_kw by 703 and divide by 1000 (rounding down)."</summary>
    public static Satoshis HtlcSuccessFee(FeeratePerKw feerate) => feerate.FeeForWeight(HtlcSuccess);

    /// <summary>The fee of the second-stage transaction that spends this HTLC's output.</summary>
    public static Satoshis SecondStageFee(HtlcDirection direction, FeeratePerKw feerate) =>
        direction == HtlcDirection.Offered ? HtlcTimeoutFee(feerate) : HtlcSuccessFee(feerate);

    /// <summary>
    /// "if the HTLC amount minus the HTLC-timeout [or HTLC-success] fee would be less
    /// than dust_limit_satoshis set by the transaction owner: MUST NOT contain that output."
    /// </summary>
    public static bool IsTrimmed(Htlc htlc, FeeratePerKw feerate, Satoshis dustLimit)
    {
        ArgumentNullException.ThrowIfNull(htlc);
        long amount = htlc.Amount.ToSatoshis().Value;
        return amount - SecondStageFee(htlc.Direction, feerate).Value < dustLimit.Value;
    }

    /// <summary>The base fee: weight 724 plus 172 per untrimmed HTLC, times the fee rate, over 1000.</summary>
    public static Satoshis CommitmentFee(FeeratePerKw feerate, int untrimmedHtlcs) =>
        feerate.FeeForWeight(CommitmentBase + ((long)PerHtlcOutput * untrimmedHtlcs));
}
