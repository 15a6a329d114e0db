using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>A transfer whose meter reading is not signed by the channel's meter key (DESIGN.md decision 6).</summary>
public sealed class InvalidMeterReadingSignatureException : ChannelException
{
    public InvalidMeterReadingSignatureException(ChannelId channelId, MeterReading reading, bool local)
        : base(channelId, $"Meter reading {reading} does not carry a valid signature by the meter key.")
    {
        Reading = reading;
        FailsChannel = !local;
    }

    public MeterReading Reading { get; }

    /// <summary>Our own command with a bad reading is refused; a peer's fails the channel.</summary>
    public override bool FailsChannel { get; }
}
