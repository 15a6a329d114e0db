namespace Microchannels.Meter.Streaming;

/// <summary>What the meter reports about its payments (for the daemon's status endpoint).</summary>
/// <param name="ImportWattHours">Energy taken, whole Wh.</param>
/// <param name="ExportWattHours">Energy fed in, whole Wh.</param>
/// <param name="OwedMsat">What the energy taken is worth at the tariffs in force when it was taken.</param>
/// <param name="SentMsat">What the meter handed to its channels to pay.</param>
/// <param name="AcknowledgedMsat">What the provider acknowledged (transfers committed on both sides).</param>
/// <param name="FeedInCreditMsat">What the energy fed in is worth at the feed-in price.</param>
/// <param name="ReceivedMsat">What the provider paid the meter on this run (feed-in, refunds).</param>
/// <param name="InFlight">The transfer waiting for acknowledgement, if any.</param>
/// <param name="NotPayingBecause">Why the meter is not paying, or null while it pays.</param>
public sealed record PaymentStatus(
    ulong ImportWattHours,
    ulong ExportWattHours,
    ulong OwedMsat,
    ulong SentMsat,
    ulong AcknowledgedMsat,
    ulong FeedInCreditMsat,
    ulong ReceivedMsat,
    InFlightTransfer? InFlight,
    string? NotPayingBecause);
