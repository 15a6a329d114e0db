namespace Microchannels.Meter.Relay;

/// <summary>
/// When the supply may be on (issue 11, "Supply relay"): only while payments are current.
/// Pure: the same conditions always give the same decision, so each transition is tested
/// without a relay. The first reason that applies wins, most final first.
/// </summary>
public static class SupplyPolicy
{
    public static SupplyDecision Decide(SupplyConditions conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        if (conditions.Stopping)
        {
            return SupplyDecision.Off(SupplyReason.DaemonStopping);
        }

        if (!conditions.ChannelOpen)
        {
            return SupplyDecision.Off(SupplyReason.ChannelNotOpen);
        }

        if (conditions.TariffRefused)
        {
            return SupplyDecision.Off(SupplyReason.TariffRefused);
        }

        if (conditions.ProviderExposureMsat > conditions.AllowanceMsat)
        {
            return SupplyDecision.Off(SupplyReason.CreditExhausted);
        }

        if (conditions.UnacknowledgedFor is { } waiting && waiting > conditions.AcknowledgementTimeout)
        {
            return SupplyDecision.Off(SupplyReason.NoAcknowledgement);
        }

        return SupplyDecision.Current;
    }
}
