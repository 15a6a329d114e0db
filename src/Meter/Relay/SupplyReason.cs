namespace Microchannels.Meter.Relay;

/// <summary>Why the supply is on or off; every switch is logged with one of these.</summary>
public enum SupplyReason
{
    /// <summary>Payments are current: the supply is on.</summary>
    PaymentsCurrent,

    /// <summary>The relay has not been driven yet: de-energised, so off.</summary>
    NotStarted,

    /// <summary>The provider is owed more than the configured allowance (postpay), or the prepaid credit is used up.</summary>
    CreditExhausted,

    /// <summary>A payment has waited for the provider's acknowledgement longer than the configured time.</summary>
    NoAcknowledgement,

    /// <summary>The channel is not open for payments (not yet open, closing or closed).</summary>
    ChannelNotOpen,

    /// <summary>The meter refused the provider's tariff (above its ceiling) and is not paying.</summary>
    TariffRefused,

    /// <summary>The daemon is stopping: nothing will pay for energy taken after it.</summary>
    DaemonStopping,
}
