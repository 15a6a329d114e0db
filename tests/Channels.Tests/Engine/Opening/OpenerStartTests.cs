using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.Opening.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.Opening;

/// <summary>
/// The meter checks its own open_channel against its policy before sending it: a
/// misconfiguration is a refused command (<c>FailsChannel</c> false), not a message
/// the provider would reject.
/// </summary>
public class OpenerStartTests
{
    [Fact]
    public void Funding_outside_the_policy_is_refused_locally()
    {
        var error = Assert.Throws<FundingAmountOutOfRangeException>(() => Start(funding: 19_999));
        Assert.False(error.FailsChannel);
        Assert.Throws<FundingAmountOutOfRangeException>(() => Start(funding: 1L << 24));
    }

    [Fact]
    public void Push_above_the_funding_is_refused_locally() =>
        Assert.False(Assert.Throws<PushAmountTooLargeException>(() => Start(pushMsat: 1_000_000_001)).FailsChannel);

    [Fact]
    public void Push_that_leaves_no_fee_is_refused_locally() =>
        Assert.False(Assert.Throws<FunderCannotAffordFeesException>(() => Start(pushMsat: 999_900_000)).FailsChannel);

    [Fact]
    public void Feerate_outside_the_policy_is_refused_locally() =>
        Assert.False(Assert.Throws<FeerateOutOfRangeException>(() => Start(feerate: 252)).FailsChannel);

    [Fact]
    public void All_zero_temporary_channel_id_is_refused() =>
        Assert.Throws<ArgumentException>(() => Start(temporaryChannelId: ChannelId.All));

    [Fact]
    public void Reserve_is_one_percent_but_never_below_the_dust_limit()
    {
        Assert.Equal(10_000UL, Start().Message.ChannelReserveSatoshis);
        Assert.Equal(546UL, Start(funding: 20_000).Message.ChannelReserveSatoshis);
    }

    [Fact]
    public void Open_channel_announces_no_htlcs()
    {
        var open = Start().Message;
        Assert.Equal(0, open.MaxAcceptedHtlcs);
        Assert.Equal(MilliSatoshis.Zero, open.MaxHtlcValueInFlightMsat);
        Assert.Equal(0, open.ChannelFlags);
    }

    private static (AwaitingAcceptChannel State, OpenChannel Message) Start(long funding = 1_000_000, ulong pushMsat = 0, uint feerate = 253, ChannelId? temporaryChannelId = null)
    {
        using var fixture = new OpeningFixture();
        return ChannelEstablishment.OpenerStart(
            temporaryChannelId ?? fixture.TemporaryChannelId,
            new Satoshis(funding),
            new MilliSatoshis(pushMsat),
            new FeeratePerKw(feerate),
            fixture.Pair.MeterReadingKey.PublicKey,
            fixture.Pair.MeterSigner,
            fixture.Policy);
    }
}
