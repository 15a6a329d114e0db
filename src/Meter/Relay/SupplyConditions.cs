namespace Microchannels.Meter.Relay;

/// <summary>
/// What the supply policy decides from, as the streamer sees it at one instant.
/// </summary>
/// <param name="Stopping">The daemon is shutting down.</param>
/// <param name="ChannelOpen">The channel accepts payments (normal operation).</param>
/// <param name="TariffRefused">The meter refused the tariff and does not pay.</param>
/// <param name="OwedMsat">What the energy taken so far is worth (whole msat).</param>
/// <param name="AcknowledgedMsat">What the provider has acknowledged receiving (transfers committed).</param>
/// <param name="AllowanceMsat">How far the provider may be owed beyond what it acknowledged.</param>
/// <param name="UnacknowledgedFor">How long the oldest payment not yet acknowledged has waited; null when none waits.</param>
/// <param name="AcknowledgementTimeout">How long a payment may wait for its acknowledgement.</param>
public sealed record SupplyConditions(
    bool Stopping,
    bool ChannelOpen,
    bool TariffRefused,
    ulong OwedMsat,
    ulong AcknowledgedMsat,
    ulong AllowanceMsat,
    TimeSpan? UnacknowledgedFor,
    TimeSpan AcknowledgementTimeout)
{
    /// <summary>What the provider is owed beyond what it acknowledged (zero when prepaid ahead).</summary>
    public ulong ProviderExposureMsat => OwedMsat > AcknowledgedMsat ? OwedMsat - AcknowledgedMsat : 0;
}
