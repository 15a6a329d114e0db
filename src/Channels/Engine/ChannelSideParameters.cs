using Microchannels.Bitcoin;
using Microchannels.Channels.Transactions;

namespace Microchannels.Channels.Engine;

/// <summary>
/// What one side announced in <c>open_channel</c> / <c>accept_channel</c> (BOLT 2):
/// its dust limit, the reserve it requires the OTHER side to keep
/// (<c>channel_reserve_satoshis</c>: "the minimum amount that the other node is to
/// keep as a direct payment"), the delay it imposes on the OTHER side's outputs
/// (<c>to_self_delay</c>), and its keys.
/// </summary>
public sealed record ChannelSideParameters(
    Satoshis DustLimit,
    Satoshis ChannelReserve,
    ushort ToSelfDelay,
    ChannelBasepoints Basepoints);
