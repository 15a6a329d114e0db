using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>A transfer whose meter reading goes back (energy or pulses decrease, or time does not advance) against the last one: paying twice for the same energy (DESIGN.md decision 6).</summary>
public sealed class MeterReadingWentBackwardsException : ChannelException
{
    public MeterReadingWentBackwardsException(ChannelId channelId, MeterReading previous, MeterReading reading)
        : base(channelId, $"Meter reading {reading} does not move forward from {previous}.")
    {
        Previous = previous;
        Reading = reading;
    }

    public MeterReading Previous { get; }

    public MeterReading Reading { get; }
}
