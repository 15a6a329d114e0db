using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.Opening.Errors;
using Microchannels.Channels.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening;

/// <summary>BOLT 2 "The open_channel Message", receiving node, in the spec's order where it has one.</summary>
internal static class OpenChannelChecks
{
    /// <summary>The terms of the channel as the accepter sees them, or the first rule the message breaks.</summary>
    public static ChannelTerms Check(OpenChannel message, ChannelAcceptancePolicy policy, ChannelBasepoints localBasepoints)
    {
        var id = message.TemporaryChannelId;

        // "MUST fail the channel if: the chain_hash value is set to a hash of a chain that is unknown to the receiver."
        if (message.ChainHash != policy.ChainHash)
        {
            throw new InvalidChainHashException(id, message.ChainHash, policy.ChainHash);
        }

        // "if the message doesn't include a channel_type: fail the channel"; "the channel_type is not suitable".
        OpeningChecks.ChannelType(id, message.ChannelType);

        // "MAY fail the channel if: ... funding_satoshis is too small"; at or above 2^24 without
        // option_support_large_channel it MUST (our policy maximum stays below).
        var funding = OpeningChecks.ToSatoshis(message.FundingSatoshis);
        OpeningChecks.FundingAmount(id, funding, policy, local: false);

        // "push_msat is greater than funding_satoshis * 1000."
        OpeningChecks.PushAmount(id, message.PushMsat, funding, local: false);

        // "it considers feerate_per_kw too small for timely processing or unreasonably large."
        var feerate = new FeeratePerKw(message.FeeratePerKw);
        OpeningChecks.Feerate(id, feerate, policy, local: false);

        // "to_self_delay is unreasonably large"; "max_accepted_htlcs is greater than 483".
        OpeningChecks.ToSelfDelay(id, message.ToSelfDelay, policy);
        OpeningChecks.MaxAcceptedHtlcs(id, message.MaxAcceptedHtlcs);

        // "dust_limit_satoshis is greater than channel_reserve_satoshis", "smaller than 354
        // satoshis", or (MAY) "too large".
        var dust = OpeningChecks.ToSatoshis(message.DustLimitSatoshis);
        var reserve = OpeningChecks.ToSatoshis(message.ChannelReserveSatoshis);
        OpeningChecks.DustLimit(id, dust, policy, reserve);

        // "MAY fail the channel if ... it considers channel_reserve_satoshis too large."
        OpeningChecks.ChannelReserve(id, reserve, dust, policy.MaxRemoteReserve(funding));

        // "funding_pubkey, revocation_basepoint, htlc_basepoint, payment_basepoint, or
        // delayed_payment_basepoint are not valid secp256k1 pubkeys in compressed format."
        var basepoints = OpeningChecks.Basepoints(id, message.FundingPubkey, message.RevocationBasepoint, message.PaymentBasepoint, message.DelayedPaymentBasepoint, message.HtlcBasepoint);
        var firstPoint = OpeningChecks.Point(id, "first_per_commitment_point", message.FirstPerCommitmentPoint);

        // Ours (docs/PROTOCOL.md): the key that signs the meter readings we are paid for.
        var meterKey = message.MeterReadingPubkey is { } point
            ? OpeningChecks.Point(id, "meter_reading_pubkey", point)
            : throw new MissingMeterReadingKeyException(id);

        // accept_channel, sender: "MUST set dust_limit_satoshis less than or equal to
        // channel_reserve_satoshis from the open_channel message": lower ours if needed
        // (their reserve is at least their dust limit, so at least 354).
        var localDust = policy.DustLimit < reserve ? policy.DustLimit : reserve;

        // "MUST set channel_reserve_satoshis greater than or equal to dust_limit_satoshis from the open_channel message."
        var localReserve = policy.LocalReserve(funding, localDust, dust);

        // "the funder's amount for the initial commitment transaction is not sufficient for
        // full fee payment" (and, like eclair, for the reserve we require). With the fee
        // positive this also ensures "both to_local and to_remote ... less than or equal to
        // channel_reserve_satoshis" cannot happen.
        OpeningChecks.FunderAffordsFees(id, funding, message.PushMsat, feerate, localReserve, local: false);

        var local = new ChannelSideParameters(localDust, localReserve, policy.ToSelfDelay, localBasepoints);
        var remote = new ChannelSideParameters(dust, reserve, message.ToSelfDelay, basepoints);
        return new ChannelTerms(id, funding, message.PushMsat, feerate, LocalIsOpener: false, local, remote, firstPoint, policy.MinimumDepth, meterKey);
    }
}
