using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening.Errors;

/// <summary>
/// A missing or unsuitable <c>channel_type</c>. BOLT 2 "The open_channel Message",
/// receiver: "if the message doesn't include a channel_type: fail the channel", and
/// "MUST fail the channel if: ... the channel_type is not suitable" (we build every
/// commitment with option_static_remotekey alone, DESIGN.md decision 1); "The
/// accept_channel Message": "if channel_type does not match the channel_type from
/// open_channel: MUST fail the channel".
/// </summary>
public sealed class ChannelTypeMismatchException : ChannelException
{
    public ChannelTypeMismatchException(ChannelId channelId, FeatureBits? received, FeatureBits expected)
        : base(channelId, received is null
            ? $"channel_type is missing; {expected} is required."
            : $"channel_type {received} is not the required {expected}.")
    {
        Received = received;
        Expected = expected;
    }

    /// <summary>Null when the message carried no channel_type.</summary>
    public FeatureBits? Received { get; }

    public FeatureBits Expected { get; }
}
