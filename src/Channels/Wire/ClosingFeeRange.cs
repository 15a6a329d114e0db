namespace Microchannels.Channels.Wire;

/// <summary>
/// BOLT 2, "Legacy Closing Negotiation: closing_signed", `closing_signed_tlvs`
/// type 1 `fee_range`: the fees, in satoshis, the sender is prepared to pay.
/// </summary>
public readonly record struct ClosingFeeRange(ulong MinFeeSatoshis, ulong MaxFeeSatoshis);
