namespace Microchannels.Meter.Relay;

/// <summary>The supply's wanted state and the reason for it.</summary>
public readonly record struct SupplyDecision(bool On, SupplyReason Reason)
{
    public static SupplyDecision Off(SupplyReason reason) => new(false, reason);

    public static SupplyDecision Current => new(true, SupplyReason.PaymentsCurrent);
}
