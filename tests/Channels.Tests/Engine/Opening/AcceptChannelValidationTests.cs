using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.Opening.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.Opening;

/// <summary>
/// The meter receiving accept_channel: each receiver requirement of BOLT 2 "The
/// accept_channel Message" (and, through "Other fields have the same requirements as
/// their counterparts in open_channel", of open_channel) and each policy bound,
/// broken alone, throws its own type; the state is unchanged and then accepts the
/// genuine message.
/// </summary>
public class AcceptChannelValidationTests
{
    [Fact]
    public void Wrong_temporary_channel_id_is_rejected()
    {
        var other = new ChannelId(Hashes.Sha256("another channel"u8));
        Assert.Contains(other.ToHex(), AssertRejected<WrongChannelException>(accept => accept with { TemporaryChannelId = other }).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_channel_type_is_rejected() =>
        Assert.Null(AssertRejected<ChannelTypeMismatchException>(accept => accept with { ChannelType = null }).Received);

    [Fact]
    public void Channel_type_other_than_ours_is_rejected() =>
        Assert.Equal(FeatureBits.FromBits(12, 22), AssertRejected<ChannelTypeMismatchException>(accept => accept with { ChannelType = FeatureBits.FromBits(12, 22) }).Received);

    [Fact]
    public void Unreasonable_minimum_depth_is_rejected()
    {
        var error = AssertRejected<MinimumDepthTooLargeException>(accept => accept with { MinimumDepth = 145 });
        Assert.Equal(145U, error.MinimumDepth);
        Assert.Equal(144U, error.Maximum);
        AssertAccepted(accept => accept with { MinimumDepth = 144 });
    }

    [Fact]
    public void To_self_delay_above_the_policy_is_rejected() =>
        Assert.Equal(2017, AssertRejected<ToSelfDelayTooLargeException>(accept => accept with { ToSelfDelay = 2017 }).ToSelfDelay);

    [Fact]
    public void More_than_483_accepted_htlcs_is_rejected() =>
        AssertRejected<MaxAcceptedHtlcsTooLargeException>(accept => accept with { MaxAcceptedHtlcs = 484 });

    [Fact]
    public void Dust_limit_below_354_is_rejected() =>
        Assert.Equal(new Satoshis(354), AssertRejected<DustLimitOutOfRangeException>(accept => accept with { DustLimitSatoshis = 353 }).Minimum);

    [Fact]
    public void Dust_limit_above_our_reserve_is_rejected()
    {
        // With 200,000 sat funded our reserve is 1% = 2,000 sat (BOLT 2: their dust limit may not exceed it).
        using var fixture = new OpeningFixture();
        var (meter, open) = ChannelEstablishment.OpenerStart(fixture.TemporaryChannelId, new Satoshis(200_000), MilliSatoshis.Zero, OpeningFixture.Feerate, fixture.Pair.MeterReadingKey.PublicKey, fixture.Pair.MeterSigner, fixture.Policy);
        var (_, accept) = fixture.Accept(open);
        Assert.Equal(2_000UL, open.ChannelReserveSatoshis);

        var error = Assert.Throws<DustLimitOutOfRangeException>(() => meter.ReceiveAcceptChannel(accept with { DustLimitSatoshis = 2_001, ChannelReserveSatoshis = 3_000 }, fixture.Policy));
        Assert.Equal(new Satoshis(2_000), error.Maximum);
        Assert.Equal(new Satoshis(2_000), meter.ReceiveAcceptChannel(accept with { DustLimitSatoshis = 2_000, ChannelReserveSatoshis = 3_000 }, fixture.Policy).Terms.Remote.DustLimit);
    }

    [Fact]
    public void Dust_limit_above_their_own_reserve_is_rejected() =>
        Assert.Equal(new Satoshis(4_999), AssertRejected<DustLimitOutOfRangeException>(accept => accept with { DustLimitSatoshis = 5_000, ChannelReserveSatoshis = 4_999 }).Maximum);

    [Fact]
    public void Dust_limit_beyond_any_amount_is_rejected_without_overflow() =>
        AssertRejected<DustLimitOutOfRangeException>(accept => accept with { DustLimitSatoshis = ulong.MaxValue });

    [Fact]
    public void Reserve_below_our_dust_limit_is_rejected()
    {
        var error = AssertRejected<ChannelReserveOutOfRangeException>(accept => accept with { DustLimitSatoshis = 354, ChannelReserveSatoshis = 545 });
        Assert.Equal(new Satoshis(546), error.Minimum);
        AssertAccepted(accept => accept with { DustLimitSatoshis = 354, ChannelReserveSatoshis = 546 });
    }

    [Fact]
    public void Reserve_above_the_policy_share_of_the_funding_is_rejected() =>
        Assert.Equal(new Satoshis(50_000), AssertRejected<ChannelReserveOutOfRangeException>(accept => accept with { ChannelReserveSatoshis = 50_001 }).Maximum);

    [Fact]
    public void Reserve_beyond_any_amount_is_rejected_without_overflow() =>
        AssertRejected<ChannelReserveOutOfRangeException>(accept => accept with { ChannelReserveSatoshis = ulong.MaxValue });

    [Fact]
    public void Reserve_the_funder_cannot_keep_beside_the_fee_is_rejected()
    {
        // Pushing 960,000 sat leaves the meter 40,000 sat: not enough for a 40,000 sat reserve plus the 183 sat fee.
        var error = AssertRejected<FunderCannotAffordFeesException>(accept => accept with { ChannelReserveSatoshis = 40_000 }, pushMsat: 960_000_000);
        Assert.Equal(new MilliSatoshis(40_000_000), error.FunderBalance);
        Assert.Equal(new Satoshis(40_000), error.Reserve);
        Assert.True(error.FailsChannel);
    }

    [Theory]
    [InlineData("funding_pubkey")]
    [InlineData("revocation_basepoint")]
    [InlineData("payment_basepoint")]
    [InlineData("delayed_payment_basepoint")]
    [InlineData("htlc_basepoint")]
    [InlineData("first_per_commitment_point")]
    public void Invalid_key_is_rejected(string field) =>
        Assert.Equal(field, AssertRejected<InvalidOpenPointException>(accept => WithPoint(accept, field, ChannelReadyTests.NotAPoint)).Field);

    [Fact]
    public void Accepted_terms_hold_both_sides_as_announced()
    {
        using var fixture = new OpeningFixture();
        var (meter, open) = fixture.Start();
        var (_, accept) = fixture.Accept(open);

        var terms = meter.ReceiveAcceptChannel(accept, fixture.Policy).Terms;

        Assert.True(terms.LocalIsOpener);
        Assert.Equal(fixture.Pair.ProviderSigner.Basepoints, terms.Remote.Basepoints);
        Assert.Equal(new Satoshis((long)accept.ChannelReserveSatoshis), terms.Remote.ChannelReserve);
        Assert.Equal(accept.ToSelfDelay, terms.Remote.ToSelfDelay);
        Assert.Equal(fixture.Pair.ProviderSigner.GetPerCommitmentPoint(0), terms.RemoteFirstPerCommitmentPoint);
        Assert.Equal(accept.MinimumDepth, terms.MinimumDepth);
    }

    private static AcceptChannel WithPoint(AcceptChannel accept, string field, Point point) => field switch
    {
        "funding_pubkey" => accept with { FundingPubkey = point },
        "revocation_basepoint" => accept with { RevocationBasepoint = point },
        "payment_basepoint" => accept with { PaymentBasepoint = point },
        "delayed_payment_basepoint" => accept with { DelayedPaymentBasepoint = point },
        "htlc_basepoint" => accept with { HtlcBasepoint = point },
        "first_per_commitment_point" => accept with { FirstPerCommitmentPoint = point },
        _ => throw new ArgumentException(field, nameof(field)),
    };

    private static T AssertRejected<T>(Func<AcceptChannel, AcceptChannel> spoil, ulong pushMsat = 0)
        where T : ChannelException
    {
        using var fixture = new OpeningFixture();
        var (meter, open) = fixture.Start(pushMsat);
        var (_, accept) = fixture.Accept(open);
        var snapshot = meter with { };

        var error = Assert.Throws<T>(() => meter.ReceiveAcceptChannel(OpeningFixture.OverTheWire(spoil(accept)), fixture.Policy));

        Assert.Equal(fixture.TemporaryChannelId, error.ChannelId);
        Assert.True(error.FailsChannel);
        Assert.Equal(snapshot, meter);
        var next = meter.ReceiveAcceptChannel(OpeningFixture.OverTheWire(accept), fixture.Policy);
        Assert.Equal(fixture.Pair.ProviderSigner.Basepoints, next.Terms.Remote.Basepoints);
        return error;
    }

    private static void AssertAccepted(Func<AcceptChannel, AcceptChannel> adjust)
    {
        using var fixture = new OpeningFixture();
        var (meter, open) = fixture.Start();
        var (_, accept) = fixture.Accept(open);
        Assert.True(meter.ReceiveAcceptChannel(OpeningFixture.OverTheWire(adjust(accept)), fixture.Policy).Terms.LocalIsOpener);
    }
}
