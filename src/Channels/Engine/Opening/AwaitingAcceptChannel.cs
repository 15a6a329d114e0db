using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Engine.Opening.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening;

/// <summary>Opener: <c>open_channel</c> sent, waiting for <c>accept_channel</c>.</summary>
public sealed record AwaitingAcceptChannel(
    ChannelId TemporaryChannelId,
    Satoshis FundingAmount,
    MilliSatoshis PushAmount,
    FeeratePerKw Feerate,
    ChannelSideParameters Local,
    PublicKey MeterReadingKey) : OpeningState
{
    public override ChannelId ChannelId => TemporaryChannelId;

    /// <summary>
    /// Checks <c>accept_channel</c> against BOLT 2 "The accept_channel Message" and our
    /// policy; the funder can then build the funding transaction.
    /// </summary>
    public AwaitingFundingTransaction ReceiveAcceptChannel(AcceptChannel message, ChannelAcceptancePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate();
        var id = TemporaryChannelId;

        // BOLT 2: "The temporary_channel_id MUST be the same as the temporary_channel_id in the open_channel message."
        if (message.TemporaryChannelId != id)
        {
            throw new WrongChannelException(id, message.TemporaryChannelId);
        }

        // "if the message doesn't include a channel_type" or it "does not match the channel_type from open_channel: MUST fail the channel."
        OpeningChecks.ChannelType(id, message.ChannelType);

        // "if minimum_depth is unreasonably large: MAY fail the channel."
        if (message.MinimumDepth > policy.MaxMinimumDepth)
        {
            throw new MinimumDepthTooLargeException(id, message.MinimumDepth, policy.MaxMinimumDepth);
        }

        OpeningChecks.ToSelfDelay(id, message.ToSelfDelay, policy);
        OpeningChecks.MaxAcceptedHtlcs(id, message.MaxAcceptedHtlcs);

        // "if channel_reserve_satoshis from the open_channel message is less than dust_limit_satoshis: MUST
        // fail the channel"; and, as in open_channel, their dust limit may not exceed their own reserve.
        var dust = OpeningChecks.ToSatoshis(message.DustLimitSatoshis);
        var reserve = OpeningChecks.ToSatoshis(message.ChannelReserveSatoshis);
        OpeningChecks.DustLimit(id, dust, policy, Local.ChannelReserve, reserve);

        // "if channel_reserve_satoshis is less than dust_limit_satoshis within the open_channel message:
        // MUST fail the channel"; above our policy's share of the funding we refuse it too.
        OpeningChecks.ChannelReserve(id, reserve, Local.DustLimit, policy.MaxRemoteReserve(FundingAmount));

        var basepoints = OpeningChecks.Basepoints(id, message.FundingPubkey, message.RevocationBasepoint, message.PaymentBasepoint, message.DelayedPaymentBasepoint, message.HtlcBasepoint);
        var firstPoint = OpeningChecks.Point(id, "first_per_commitment_point", message.FirstPerCommitmentPoint);

        // The reserve they require of us must leave room for the fee we pay as opener.
        OpeningChecks.FunderAffordsFees(id, FundingAmount, PushAmount, Feerate, reserve, local: false);

        var remote = new ChannelSideParameters(dust, reserve, message.ToSelfDelay, basepoints);
        return new AwaitingFundingTransaction(new ChannelTerms(
            id, FundingAmount, PushAmount, Feerate, LocalIsOpener: true, Local, remote, firstPoint, message.MinimumDepth, MeterReadingKey));
    }
}
