using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Opening.Errors;
using Microchannels.Channels.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening;

/// <summary>
/// The receiver requirements that open_channel and accept_channel share (BOLT 2 "The
/// accept_channel Message": "Other fields have the same requirements as their
/// counterparts in open_channel"), one method per rule, each throwing its own type.
/// </summary>
internal static class OpeningChecks
{
    /// <summary>We build every commitment with option_static_remotekey alone (DESIGN.md decision 1; BOLT 2 "Defined Channel Types").</summary>
    public static FeatureBits StaticRemoteKeyChannelType { get; } = FeatureBits.FromBits(Features.StaticRemoteKey.RequiredBit);

    /// <summary>
    /// A wire u64 in satoshis. Values beyond long's range are clamped (they fail every
    /// range check anyway) so a hostile field can never raise OverflowException.
    /// </summary>
    public static Satoshis ToSatoshis(ulong value) => new((long)Math.Min(value, long.MaxValue));

    public static void ChannelType(ChannelId channelId, FeatureBits? received)
    {
        if (received is null || !received.Equals(StaticRemoteKeyChannelType))
        {
            throw new ChannelTypeMismatchException(channelId, received, StaticRemoteKeyChannelType);
        }
    }

    public static void FundingAmount(ChannelId channelId, Satoshis funding, ChannelAcceptancePolicy policy, bool local)
    {
        if (funding < policy.MinFundingAmount || funding > policy.MaxFundingAmount)
        {
            throw new FundingAmountOutOfRangeException(channelId, funding, policy.MinFundingAmount, policy.MaxFundingAmount, local);
        }
    }

    /// <summary>Call after <see cref="FundingAmount"/>: the funding is then below 2^24, so the product cannot overflow.</summary>
    public static void PushAmount(ChannelId channelId, MilliSatoshis push, Satoshis funding, bool local)
    {
        if (push > MilliSatoshis.FromSatoshis((ulong)funding.Value))
        {
            throw new PushAmountTooLargeException(channelId, push, funding, local);
        }
    }

    public static void Feerate(ChannelId channelId, FeeratePerKw feerate, ChannelAcceptancePolicy policy, bool local)
    {
        if (feerate < policy.MinFeerate || feerate > policy.MaxFeerate)
        {
            throw new FeerateOutOfRangeException(channelId, feerate, policy.MinFeerate, policy.MaxFeerate, local);
        }
    }

    public static void ToSelfDelay(ChannelId channelId, ushort toSelfDelay, ChannelAcceptancePolicy policy)
    {
        if (toSelfDelay > policy.MaxToSelfDelay)
        {
            throw new ToSelfDelayTooLargeException(channelId, toSelfDelay, policy.MaxToSelfDelay);
        }
    }

    public static void MaxAcceptedHtlcs(ChannelId channelId, ushort maxAcceptedHtlcs)
    {
        if (maxAcceptedHtlcs > ChannelAcceptancePolicy.SpecMaximumAcceptedHtlcs)
        {
            throw new MaxAcceptedHtlcsTooLargeException(channelId, maxAcceptedHtlcs, ChannelAcceptancePolicy.SpecMaximumAcceptedHtlcs);
        }
    }

    /// <summary>The peer's dust limit lies in [policy minimum, the smallest of the policy maximum and <paramref name="reserves"/>].</summary>
    public static void DustLimit(ChannelId channelId, Satoshis dustLimit, ChannelAcceptancePolicy policy, params ReadOnlySpan<Satoshis> reserves)
    {
        var maximum = policy.MaxDustLimit;
        foreach (var reserve in reserves)
        {
            maximum = reserve < maximum ? reserve : maximum;
        }

        if (dustLimit < policy.MinDustLimit || dustLimit > maximum)
        {
            throw new DustLimitOutOfRangeException(channelId, dustLimit, policy.MinDustLimit, maximum);
        }
    }

    public static void ChannelReserve(ChannelId channelId, Satoshis reserve, Satoshis minimum, Satoshis maximum)
    {
        if (reserve < minimum || reserve > maximum)
        {
            throw new ChannelReserveOutOfRangeException(channelId, reserve, minimum, maximum);
        }
    }

    /// <summary>The opener's initial balance covers commitment 0's fee (no HTLCs) plus <paramref name="reserve"/>.</summary>
    public static void FunderAffordsFees(ChannelId channelId, Satoshis funding, MilliSatoshis push, FeeratePerKw feerate, Satoshis reserve, bool local)
    {
        var balance = MilliSatoshis.FromSatoshis((ulong)funding.Value) - push;
        var fee = CommitmentWeights.CommitmentFee(feerate, 0);
        if (balance < MilliSatoshis.FromSatoshis((ulong)(fee.Value + reserve.Value)))
        {
            throw new FunderCannotAffordFeesException(channelId, balance, fee, reserve, local);
        }
    }

    public static PublicKey Point(ChannelId channelId, string field, Point point) =>
        PublicKey.TryFromBytes(point.AsSpan(), out var key) && point.HasCompressedPrefix
            ? key
            : throw new InvalidOpenPointException(channelId, field, point);

    public static ChannelBasepoints Basepoints(ChannelId channelId, Point funding, Point revocation, Point payment, Point delayedPayment, Point htlc) => new(
        Point(channelId, "funding_pubkey", funding),
        Point(channelId, "revocation_basepoint", revocation),
        Point(channelId, "payment_basepoint", payment),
        Point(channelId, "delayed_payment_basepoint", delayedPayment),
        Point(channelId, "htlc_basepoint", htlc));

    public static Point ToWire(PublicKey key) => new(key.AsSpan());
}
