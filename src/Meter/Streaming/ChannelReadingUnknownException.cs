using Microchannels.Channels.Wire;

namespace Microchannels.Meter.Streaming;

/// <summary>
/// The channel store says a reading was paid that the meter's own store never sent: the two
/// stores do not belong together (a restored backup, another meter's files). The streamer
/// refuses to guess what was paid.
/// </summary>
public sealed class ChannelReadingUnknownException(MeterReading reading)
    : Exception($"The channel's last paid reading {reading} is not among the meter's sent transfers.")
{
    public MeterReading Reading { get; } = reading;
}
