using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening.Errors;

/// <summary>
/// A key in open_channel or accept_channel that is not a valid compressed secp256k1
/// point. BOLT 2 "The open_channel Message", receiver: "MUST fail the channel if: ...
/// funding_pubkey, revocation_basepoint, htlc_basepoint, payment_basepoint, or
/// delayed_payment_basepoint are not valid secp256k1 pubkeys in compressed format";
/// we hold first_per_commitment_point and our meter_reading_pubkey to the same rule,
/// since every commitment and every reading check would fail on them later.
/// </summary>
public sealed class InvalidOpenPointException : ChannelException
{
    public InvalidOpenPointException(ChannelId channelId, string field, Point point)
        : base(channelId, $"{field} {point} is not a valid compressed secp256k1 point.")
    {
        Field = field;
        Point = point;
    }

    /// <summary>The field's name in the spec, e.g. "funding_pubkey".</summary>
    public string Field { get; }

    public Point Point { get; }
}
