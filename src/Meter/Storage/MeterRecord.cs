using Microchannels.Channels.Wire;
using Microchannels.Meter.Accounting;

namespace Microchannels.Meter.Storage;

/// <summary>
/// Everything the meter must find again after a reboot, stored together: the ledger
/// (registers and exact money owed), <paramref name="SentMsat"/> (all the meter has handed
/// to its channels to pay), the last reading it signed, and the channel it pays on with
/// what had been sent before that channel began (<paramref name="ChannelBaseSentMsat"/>).
/// </summary>
public sealed record MeterRecord(
    EnergyLedger Ledger,
    ulong SentMsat,
    SignedMeterReading? LastReading,
    ChannelId? Channel,
    ulong ChannelBaseSentMsat);
