using Microchannels.Bitcoin;

namespace Microchannels.Channels.Engine;

/// <summary>BOLT 2 <c>update_fee</c>: the opener sets a new <c>feerate_per_kw</c> for both commitments.</summary>
public sealed record FeeUpdate(FeeratePerKw Feerate) : ChannelUpdate;
