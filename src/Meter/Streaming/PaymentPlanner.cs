namespace Microchannels.Meter.Streaming;

/// <summary>
/// How much the next transfer pays (pure). Amounts are whole msat of the ledger's exact
/// total (the sub-msat remainder waits in the ledger for the next interval), so the sum of
/// all transfers is always the energy × tariff rounded down, never more.
/// </summary>
public static class PaymentPlanner
{
    /// <param name="owedMsat">What all energy so far is worth.</param>
    /// <param name="sentMsat">What the meter has already handed to the channel.</param>
    /// <param name="nextIntervalMsat">Prepay: what the next interval is expected to cost (the last interval's cost).</param>
    /// <param name="prepayCreditMsat">Prepay: the most the meter may have paid ahead.</param>
    /// <returns>The amount to send now; zero when nothing is due.</returns>
    public static ulong AmountToSend(PaymentMode mode, ulong owedMsat, ulong sentMsat, ulong nextIntervalMsat, ulong prepayCreditMsat)
    {
        ulong target = mode switch
        {
            PaymentMode.Postpay => owedMsat,

            // Never further ahead of the energy than the credit allows.
            PaymentMode.Prepay => SaturatingAdd(owedMsat, Math.Min(nextIntervalMsat, prepayCreditMsat)),
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };
        return target > sentMsat ? target - sentMsat : 0;
    }

    private static ulong SaturatingAdd(ulong a, ulong b) => a > ulong.MaxValue - b ? ulong.MaxValue : a + b;
}
