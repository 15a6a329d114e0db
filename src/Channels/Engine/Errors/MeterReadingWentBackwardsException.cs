using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>A transfer whose meter reading goes back (energy or pulses decrease, or time does not advance) against the last one: paying twice for the same energy (DESIGN.md decision 6).</summary>
public sealed class MeterReadingWentBackwardsException : ChannelException
{
    public MeterReadingWentBackwardsException(ChannelId channelId, MeterReading previous, MeterReading reading, bool local)
        : base(channelId, $"Meter reading {reading} does not move forward from {previous}.")
    {
        Previous = previous;
        Reading = reading;
        FailsChannel = !local;
    }

    public MeterReading Previous { get; }

    public MeterReading Reading { get; }

    /// <summary>Our own command with a bad reading is refused; a peer's fails the channel.</summary>
    public override bool FailsChannel { get; }
}
