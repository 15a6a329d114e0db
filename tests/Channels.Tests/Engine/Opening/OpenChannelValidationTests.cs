using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.Opening.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.Opening;

/// <summary>
/// The provider receiving open_channel: each receiver requirement of BOLT 2 "The
/// open_channel Message" and each policy bound, broken alone, throws its own type
/// naming the temporary channel id; nothing is kept, and the genuine message is
/// accepted afterwards.
/// </summary>
public class OpenChannelValidationTests
{
    [Fact]
    public void Unknown_chain_is_rejected()
    {
        var error = Rejected<InvalidChainHashException>(open => open with { ChainHash = ChainHash.Bitcoin });
        Assert.Equal(ChainHash.Bitcoin, error.Received);
        Assert.Equal(ChainHash.Regtest, error.Expected);
    }

    [Fact]
    public void Missing_channel_type_is_rejected()
    {
        var error = Rejected<ChannelTypeMismatchException>(open => open with { ChannelType = null });
        Assert.Null(error.Received);
        Assert.Equal(FeatureBits.FromBits(12), error.Expected);
    }

    [Fact]
    public void Anchor_channel_type_is_rejected() =>
        Assert.Equal(FeatureBits.FromBits(12, 22), Rejected<ChannelTypeMismatchException>(open => open with { ChannelType = FeatureBits.FromBits(12, 22) }).Received);

    [Fact]
    public void Channel_type_with_a_variation_bit_is_rejected() =>
        Rejected<ChannelTypeMismatchException>(open => open with { ChannelType = FeatureBits.FromBits(12, 50) });

    [Fact]
    public void Missing_meter_reading_pubkey_is_rejected() =>
        Rejected<MissingMeterReadingKeyException>(open => open with { MeterReadingPubkey = null });

    [Fact]
    public void Invalid_meter_reading_pubkey_is_rejected() =>
        Assert.Equal("meter_reading_pubkey", Rejected<InvalidOpenPointException>(open => open with { MeterReadingPubkey = ChannelReadyTests.NotAPoint }).Field);

    [Fact]
    public void Funding_below_the_policy_minimum_is_rejected()
    {
        var error = Rejected<FundingAmountOutOfRangeException>(open => open with { FundingSatoshis = 19_999 });
        Assert.Equal(new Satoshis(19_999), error.Funding);
        Assert.Equal(new Satoshis(20_000), error.Minimum);
    }

    [Fact]
    public void Funding_of_2_pow_24_without_large_channels_is_rejected() =>
        Assert.Equal(new Satoshis((1L << 24) - 1), Rejected<FundingAmountOutOfRangeException>(open => open with { FundingSatoshis = 1UL << 24 }).Maximum);

    [Fact]
    public void Funding_beyond_any_amount_is_rejected_without_overflow() =>
        Rejected<FundingAmountOutOfRangeException>(open => open with { FundingSatoshis = ulong.MaxValue });

    [Fact]
    public void Push_above_the_funding_is_rejected()
    {
        var error = Rejected<PushAmountTooLargeException>(open => open with { PushMsat = new MilliSatoshis(1_000_000_001) });
        Assert.Equal(new MilliSatoshis(1_000_000_001), error.Push);
        Assert.Equal(OpeningFixture.Funding, error.Funding);
    }

    [Fact]
    public void Push_of_everything_leaves_the_funder_unable_to_pay_the_fee()
    {
        var error = Rejected<FunderCannotAffordFeesException>(open => open with { PushMsat = new MilliSatoshis(1_000_000_000) });
        Assert.Equal(MilliSatoshis.Zero, error.FunderBalance);
        Assert.Equal(new Satoshis(183), error.Fee); // 253 sat/kw * 724 / 1000
    }

    [Fact]
    public void Funder_must_keep_the_fee_plus_our_reserve()
    {
        // 1,000,000 - 10,000 reserve - 183 fee = 989,817 sat may be pushed, not one msat more.
        var error = Rejected<FunderCannotAffordFeesException>(open => open with { PushMsat = new MilliSatoshis(989_817_001) });
        Assert.Equal(new Satoshis(10_000), error.Reserve);
        Assert.Equal(new MilliSatoshis(10_182_999), error.FunderBalance);

        Accepted(open => open with { PushMsat = new MilliSatoshis(989_817_000) });
    }

    [Theory]
    [InlineData(252U)]
    [InlineData(50_001U)]
    [InlineData(uint.MaxValue)]
    public void Feerate_outside_the_policy_is_rejected(uint feerate)
    {
        var error = Rejected<FeerateOutOfRangeException>(open => open with { FeeratePerKw = feerate });
        Assert.Equal(new FeeratePerKw(feerate), error.Feerate);
        Assert.Equal(new FeeratePerKw(253), error.Minimum);
        Assert.Equal(new FeeratePerKw(50_000), error.Maximum);
    }

    [Fact]
    public void To_self_delay_above_the_policy_is_rejected()
    {
        var error = Rejected<ToSelfDelayTooLargeException>(open => open with { ToSelfDelay = 2017 });
        Assert.Equal(2017, error.ToSelfDelay);
        Assert.Equal(2016, error.Maximum);
        Accepted(open => open with { ToSelfDelay = 2016 });
    }

    [Fact]
    public void More_than_483_accepted_htlcs_is_rejected()
    {
        Assert.Equal(484, Rejected<MaxAcceptedHtlcsTooLargeException>(open => open with { MaxAcceptedHtlcs = 484 }).MaxAcceptedHtlcs);
        Accepted(open => open with { MaxAcceptedHtlcs = 483 });
    }

    [Fact]
    public void Dust_limit_below_354_is_rejected()
    {
        var error = Rejected<DustLimitOutOfRangeException>(open => open with { DustLimitSatoshis = 353 });
        Assert.Equal(new Satoshis(354), error.Minimum);
        Accepted(open => open with { DustLimitSatoshis = 354 });
    }

    [Fact]
    public void Dust_limit_above_the_policy_is_rejected() =>
        Assert.Equal(new Satoshis(10_000), Rejected<DustLimitOutOfRangeException>(open => open with { DustLimitSatoshis = 10_001, ChannelReserveSatoshis = 20_000 }).Maximum);

    [Fact]
    public void Dust_limit_above_the_senders_own_reserve_is_rejected()
    {
        var error = Rejected<DustLimitOutOfRangeException>(open => open with { DustLimitSatoshis = 5_000, ChannelReserveSatoshis = 4_999 });
        Assert.Equal(new Satoshis(5_000), error.DustLimit);
        Assert.Equal(new Satoshis(4_999), error.Maximum);
    }

    [Fact]
    public void Dust_limit_beyond_any_amount_is_rejected_without_overflow() =>
        Rejected<DustLimitOutOfRangeException>(open => open with { DustLimitSatoshis = ulong.MaxValue });

    [Fact]
    public void Reserve_above_the_policy_share_of_the_funding_is_rejected()
    {
        // 5% of 1,000,000 sat.
        var error = Rejected<ChannelReserveOutOfRangeException>(open => open with { ChannelReserveSatoshis = 50_001 });
        Assert.Equal(new Satoshis(50_001), error.Reserve);
        Assert.Equal(new Satoshis(50_000), error.Maximum);
        Accepted(open => open with { ChannelReserveSatoshis = 50_000 });
    }

    [Fact]
    public void Reserve_beyond_any_amount_is_rejected_without_overflow() =>
        Rejected<ChannelReserveOutOfRangeException>(open => open with { ChannelReserveSatoshis = ulong.MaxValue });

    [Theory]
    [InlineData("funding_pubkey")]
    [InlineData("revocation_basepoint")]
    [InlineData("payment_basepoint")]
    [InlineData("delayed_payment_basepoint")]
    [InlineData("htlc_basepoint")]
    [InlineData("first_per_commitment_point")]
    public void Invalid_key_is_rejected(string field)
    {
        Assert.Equal(field, Rejected<InvalidOpenPointException>(open => WithPoint(open, field, ChannelReadyTests.NotAPoint)).Field);

        // The genuine key with an uncompressed prefix: 33 bytes, but not a compressed pubkey.
        Assert.Equal(field, Rejected<InvalidOpenPointException>(open => WithPoint(open, field, new Point([0x04, .. PointOf(open, field).AsSpan()[1..]]))).Field);
    }

    [Fact]
    public void Our_dust_limit_drops_to_an_opener_reserve_below_it()
    {
        using var fixture = new OpeningFixture();
        var (_, open) = fixture.Start();
        var (state, accept) = fixture.Accept(open with { DustLimitSatoshis = 354, ChannelReserveSatoshis = 400 });

        // accept_channel, sender: "MUST set dust_limit_satoshis less than or equal to channel_reserve_satoshis from the open_channel message".
        Assert.Equal(400UL, accept.DustLimitSatoshis);
        Assert.Equal(new Satoshis(400), state.Terms.Local.DustLimit);
        Assert.Equal(10_000UL, accept.ChannelReserveSatoshis);
    }

    [Fact]
    public void Open_channel_undefined_channel_flags_are_ignored() =>
        Accepted(open => open with { ChannelFlags = 0xfe });

    private static Point PointOf(OpenChannel open, string field) => field switch
    {
        "funding_pubkey" => open.FundingPubkey,
        "revocation_basepoint" => open.RevocationBasepoint,
        "payment_basepoint" => open.PaymentBasepoint,
        "delayed_payment_basepoint" => open.DelayedPaymentBasepoint,
        "htlc_basepoint" => open.HtlcBasepoint,
        _ => open.FirstPerCommitmentPoint,
    };

    internal static OpenChannel WithPoint(OpenChannel open, string field, Point point) => field switch
    {
        "funding_pubkey" => open with { FundingPubkey = point },
        "revocation_basepoint" => open with { RevocationBasepoint = point },
        "payment_basepoint" => open with { PaymentBasepoint = point },
        "delayed_payment_basepoint" => open with { DelayedPaymentBasepoint = point },
        "htlc_basepoint" => open with { HtlcBasepoint = point },
        "first_per_commitment_point" => open with { FirstPerCommitmentPoint = point },
        _ => throw new ArgumentException(field, nameof(field)),
    };

    /// <summary>The spoiled message is refused with <typeparamref name="T"/>; the genuine one is then accepted.</summary>
    private static T Rejected<T>(Func<OpenChannel, OpenChannel> spoil)
        where T : ChannelException
    {
        using var fixture = new OpeningFixture();
        var (_, open) = fixture.Start();

        var error = Assert.Throws<T>(() => fixture.Accept(spoil(open)));

        Assert.Equal(fixture.TemporaryChannelId, error.ChannelId);
        Assert.True(error.FailsChannel);
        var (state, accept) = fixture.Accept(open);
        Assert.Equal(open.TemporaryChannelId, accept.TemporaryChannelId);
        Assert.Equal(fixture.Pair.MeterReadingKey.PublicKey, state.Terms.MeterReadingKey);
        return error;
    }

    private static void Accepted(Func<OpenChannel, OpenChannel> adjust)
    {
        using var fixture = new OpeningFixture();
        var (_, open) = fixture.Start();
        var (state, _) = fixture.Accept(adjust(open));
        Assert.False(state.Terms.LocalIsOpener);
    }
}
