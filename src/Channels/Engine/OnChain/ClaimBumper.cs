using Microchannels.Channels.Signing;

namespace Microchannels.Channels.Engine.OnChain;

/// <summary>
/// Re-signs an unconfirmed claim at a higher fee when a block passes without it (BIP 125
/// replacement; LDK's <c>OnchainTxHandler::rebroadcast_pending_claims</c> and
/// <c>package.rs</c> <c>feerate_bump</c>). A penalty spends only outputs we alone can sign for
/// until the cheater's delay runs out (BOLT 5 "Revoked Transaction Close Handling"), and the
/// sweep only our own delayed output, so the claim can be rebuilt whole: same inputs and
/// output, a smaller output value. The rate comes from <see cref="ClaimFeeSchedule.Next"/>.
/// </summary>
public static class ClaimBumper
{
    /// <summary>
    /// The close with its claim re-signed for the next block, the old version kept among the
    /// replaced ones; null when the claim is not due, already in a block, or the current
    /// version stands. <paramref name="pricing"/>, when given, replaces the stored estimate,
    /// ceiling and increment (the operator's latest word); without it the stored ones apply.
    /// </summary>
    public static OnChainClose? Bump(Commitments commitments, OnChainClose close, FundingSpendClassification classification, ClaimPricing? pricing, IChannelSigner signer)
    {
        ArgumentNullException.ThrowIfNull(commitments);
        ArgumentNullException.ThrowIfNull(close);
        if (!close.ClaimDue || close.Fees is not { } stored)
        {
            return null;
        }

        var fees = pricing is null ? stored : stored with { Estimate = pricing.Estimate, Ceiling = pricing.Ceiling, IncrementalRelay = pricing.IncrementalRelay };
        if (ClaimFeeSchedule.Next(fees, close.SpendingDepth, close.Claimed, commitments.Parameters.Local.DustLimit) is not { } rate)
        {
            return null;
        }

        var (rebuilt, claim) = FundingSpendResolver.Build(commitments, close.SpendingTransaction, classification, signer, rate);
        if (claim is null || rebuilt.Claim is null)
        {
            return null;
        }

        return close with
        {
            Claim = rebuilt.Claim,
            ClaimDepth = 0,
            OurOutputs = rebuilt.OurOutputs,
            Fees = fees with { Feerate = rate, Fee = claim.Fee, Weight = claim.ExpectedWeight },
            ReplacedClaims = close.Replaced.Add(close.Claim!),
        };
    }
}
