using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Wire;
using Microchannels.Provider.Journal;

namespace Microchannels.Provider.Billing;

/// <summary>
/// The readings a channel's payments carried, from the transfer journal: the meter's
/// payments (direction received) of the channel in commit order, which is their
/// transfer-id order, and the meter's last paid reading before the channel (its
/// previous channel's), to which the channel's first reading chains (docs/PROTOCOL.md).
/// </summary>
public static class JournalReadings
{
    private const int Batch = 10_000;

    public static (SignedMeterReading? Opening, IReadOnlyList<SignedMeterReading> Readings) Of(TransferJournal journal, ChannelId channel, PublicKey meter)
    {
        ArgumentNullException.ThrowIfNull(journal);
        SignedMeterReading? opening = null;
        var readings = new List<SignedMeterReading>();
        ulong after = 0;
        while (true)
        {
            var batch = journal.ReadAfter(after, Batch, meter: meter);
            foreach (var entry in batch)
            {
                if (entry.Direction != JournalDirection.Received)
                {
                    continue;
                }

                if (entry.ChannelId == channel)
                {
                    readings.Add(entry.Reading);
                }
                else if (readings.Count == 0)
                {
                    // An earlier channel of the meter: its newest paid reading so far.
                    opening = entry.Reading;
                }
            }

            if (batch.Count < Batch)
            {
                return (opening, readings);
            }

            after = batch[^1].Sequence;
        }
    }
}
