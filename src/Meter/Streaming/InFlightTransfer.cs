using Microchannels.Channels.Wire;

namespace Microchannels.Meter.Streaming;

/// <summary>The one transfer handed to the channel and not yet acknowledged, and when it was handed over (monotonic).</summary>
public sealed record InFlightTransfer(SignedMeterReading Reading, ulong AmountMsat, ulong SentAfterMsat, long PostedAt);
