using Microchannels.Channels.Wire;

namespace Microchannels.Meter.Storage;

/// <summary>
/// One transfer the meter handed to its channel: the signed reading it carries, its amount,
/// and the meter's total sent once it is paid. After a crash the reading the channel store
/// last covered with a signature is looked up here to learn what was really paid.
/// </summary>
public sealed record MeterTransferRecord(SignedMeterReading Reading, ulong AmountMsat, ulong SentAfterMsat);
