using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening.Errors;

/// <summary>
/// An open_channel without our <c>meter_reading_pubkey</c> record (docs/PROTOCOL.md).
/// The record is odd, so other nodes may omit it, but a provider cannot check the
/// readings it is paid for without the key (DESIGN.md decision 6), so it fails the channel.
/// </summary>
public sealed class MissingMeterReadingKeyException : ChannelException
{
    public MissingMeterReadingKeyException(ChannelId channelId)
        : base(channelId, "open_channel carries no meter_reading_pubkey; every transfer must be bound to a reading signed by that key.")
    {
    }
}
