using Microchannels.Channels.Wire;

namespace Microchannels.Meter.Streaming;

/// <summary>A <c>tariff_update</c> named another channel than the meter's; it is ignored and nothing changes.</summary>
public sealed class TariffChannelMismatchException(ChannelId named, ChannelId ours)
    : Exception($"The tariff_update names channel {named.ToHex()}, the meter's channel is {ours.ToHex()}.")
{
    public ChannelId Named { get; } = named;

    public ChannelId Ours { get; } = ours;
}
