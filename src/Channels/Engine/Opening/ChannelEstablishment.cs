using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Opening.Errors;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening;

/// <summary>
/// Where an opening starts (BOLT 2 "Channel Establishment v1"): the meter, as opener
/// and funder, sends <c>open_channel</c>; the provider answers with
/// <c>accept_channel</c>. Later steps are methods of the returned states.
/// </summary>
public static class ChannelEstablishment
{
    /// <summary>
    /// The HTLC fields of open_channel / accept_channel. Our channels carry no HTLCs
    /// (DESIGN.md decision 2), so we accept none and allow none in flight;
    /// htlc_minimum_msat is 1, the smallest meaningful value.
    /// </summary>
    private const ushort NoHtlcsAccepted = 0;
    private static readonly MilliSatoshis NoHtlcValueInFlight = MilliSatoshis.Zero;
    private static readonly MilliSatoshis HtlcMinimum = new(1);

    /// <summary>
    /// The opener's first step. <paramref name="temporaryChannelId"/> must be random and
    /// unique with this peer (BOLT 2: "MUST ensure temporary_channel_id is unique"); the
    /// caller draws it, keeping this function pure. Our own values are checked against
    /// <paramref name="policy"/> too, throwing the same typed errors with
    /// <c>FailsChannel</c> false, so a misconfiguration fails here rather than at the peer.
    /// </summary>
    public static (AwaitingAcceptChannel State, OpenChannel Message) OpenerStart(
        ChannelId temporaryChannelId,
        Satoshis fundingAmount,
        MilliSatoshis pushAmount,
        FeeratePerKw feerate,
        PublicKey meterReadingKey,
        IChannelSigner signer,
        ChannelAcceptancePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(temporaryChannelId);
        ArgumentNullException.ThrowIfNull(meterReadingKey);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate();
        if (temporaryChannelId.IsAll)
        {
            // BOLT 1: an all-zero channel_id in an error means "all channels".
            throw new ArgumentException("The temporary_channel_id must be random, not all zero.", nameof(temporaryChannelId));
        }

        var id = temporaryChannelId;
        OpeningChecks.FundingAmount(id, fundingAmount, policy, local: true);
        OpeningChecks.PushAmount(id, pushAmount, fundingAmount, local: true);
        OpeningChecks.Feerate(id, feerate, policy, local: true);

        // BOLT 2: the sender "MUST set channel_reserve_satoshis greater than or equal to dust_limit_satoshis".
        var reserve = policy.LocalReserve(fundingAmount, policy.DustLimit, policy.DustLimit);

        // The accepter's reserve is not known yet; the fee alone must be affordable now.
        OpeningChecks.FunderAffordsFees(id, fundingAmount, pushAmount, feerate, Satoshis.Zero, local: true);

        var local = new ChannelSideParameters(policy.DustLimit, reserve, policy.ToSelfDelay, signer.Basepoints);
        var keys = signer.Basepoints;
        var message = new OpenChannel(
            policy.ChainHash,
            id,
            (ulong)fundingAmount.Value,
            pushAmount,
            (ulong)local.DustLimit.Value,
            NoHtlcValueInFlight,
            (ulong)reserve.Value,
            HtlcMinimum,
            feerate.Value,
            local.ToSelfDelay,
            NoHtlcsAccepted,
            OpeningChecks.ToWire(keys.FundingPubKey),
            OpeningChecks.ToWire(keys.RevocationBasepoint),
            OpeningChecks.ToWire(keys.PaymentBasepoint),
            OpeningChecks.ToWire(keys.DelayedPaymentBasepoint),
            OpeningChecks.ToWire(keys.HtlcBasepoint),
            OpeningChecks.ToWire(signer.GetPerCommitmentPoint(0)),
            ChannelFlags: 0)
        {
            // BOLT 2: "if it includes open_channel_tlvs: MUST include upfront_shutdown_script"
            // (zero-length: none) and "MUST set channel_type".
            UpfrontShutdownScript = ByteVector.Empty,
            ChannelType = OpeningChecks.StaticRemoteKeyChannelType,
            MeterReadingPubkey = OpeningChecks.ToWire(meterReadingKey),
        };
        return (new AwaitingAcceptChannel(id, fundingAmount, pushAmount, feerate, local, meterReadingKey), message);
    }

    /// <summary>
    /// The accepter's first step: check <c>open_channel</c> against BOLT 2 "The
    /// open_channel Message" (receiver requirements) and our policy, then answer with
    /// <c>accept_channel</c>. Nothing is kept on failure; the caller answers with an
    /// <c>error</c> naming the temporary channel id.
    /// </summary>
    public static (AwaitingFundingCreated State, AcceptChannel Message) AccepterReceiveOpenChannel(
        OpenChannel message,
        ChannelAcceptancePolicy policy,
        IChannelSigner signer)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(signer);
        policy.Validate();
        var terms = OpenChannelChecks.Check(message, policy, signer.Basepoints);
        var local = terms.Local;
        var reply = new AcceptChannel(
            terms.TemporaryChannelId,
            (ulong)local.DustLimit.Value,
            NoHtlcValueInFlight,
            (ulong)local.ChannelReserve.Value,
            HtlcMinimum,
            policy.MinimumDepth,
            local.ToSelfDelay,
            NoHtlcsAccepted,
            OpeningChecks.ToWire(local.Basepoints.FundingPubKey),
            OpeningChecks.ToWire(local.Basepoints.RevocationBasepoint),
            OpeningChecks.ToWire(local.Basepoints.PaymentBasepoint),
            OpeningChecks.ToWire(local.Basepoints.DelayedPaymentBasepoint),
            OpeningChecks.ToWire(local.Basepoints.HtlcBasepoint),
            OpeningChecks.ToWire(signer.GetPerCommitmentPoint(0)))
        {
            // "The sender ... MUST set channel_type to the channel_type from open_channel."
            UpfrontShutdownScript = ByteVector.Empty,
            ChannelType = OpeningChecks.StaticRemoteKeyChannelType,
        };
        return (new AwaitingFundingCreated(terms), reply);
    }
}
