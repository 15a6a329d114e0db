using Microchannels.Channels.Wire;

namespace Microchannels.Provider.Journal;

/// <summary>What the journal holds of one channel: sums each way, the count, and the meter's newest paid reading.</summary>
public sealed record ChannelTotals(ulong ReceivedMsat, ulong SentMsat, ulong Count, SignedMeterReading? LastReceivedReading)
{
    public static ChannelTotals None { get; } = new(0, 0, 0, null);

    public ChannelTotals With(JournaledTransfer entry) => entry.Direction == JournalDirection.Received
        ? this with { ReceivedMsat = ReceivedMsat + entry.AmountMsat, Count = Count + 1, LastReceivedReading = entry.Reading }
        : this with { SentMsat = SentMsat + entry.AmountMsat, Count = Count + 1 };
}
