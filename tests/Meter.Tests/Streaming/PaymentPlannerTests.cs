using Microchannels.Meter.Streaming;

namespace Microchannels.Meter.Tests.Streaming;

public class PaymentPlannerTests
{
    [Theory]
    [InlineData(1000UL, 0UL, 1000UL)]   // all owed is due
    [InlineData(1000UL, 600UL, 400UL)]  // what was sent is not sent again
    [InlineData(1000UL, 1000UL, 0UL)]
    [InlineData(1000UL, 1200UL, 0UL)]   // sent ahead (after a tariff change): nothing
    public void Postpay_pays_what_is_owed_and_not_yet_sent(ulong owed, ulong sent, ulong expected)
    {
        Assert.Equal(expected, PaymentPlanner.AmountToSend(PaymentMode.Postpay, owed, sent, nextIntervalMsat: 500, prepayCreditMsat: 10_000));
    }

    [Theory]
    [InlineData(1000UL, 0UL, 500UL, 10_000UL, 1500UL)]  // owed plus the next interval's estimate
    [InlineData(1000UL, 1500UL, 500UL, 10_000UL, 0UL)]  // already one interval ahead
    [InlineData(1000UL, 1200UL, 500UL, 10_000UL, 300UL)]
    [InlineData(1000UL, 0UL, 50_000UL, 10_000UL, 11_000UL)] // never more than the credit ahead
    [InlineData(1000UL, 11_000UL, 50_000UL, 10_000UL, 0UL)]
    public void Prepay_pays_one_interval_ahead_up_to_the_credit(ulong owed, ulong sent, ulong next, ulong credit, ulong expected)
    {
        Assert.Equal(expected, PaymentPlanner.AmountToSend(PaymentMode.Prepay, owed, sent, next, credit));
    }
}
