using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.Opening.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.Opening;

/// <summary>
/// BOLT 2 "The channel_ready Message": sent at minimum_depth with the point for
/// commitment 1; the peer's may come before or after ours.
/// </summary>
public class ChannelReadyTests
{
    /// <summary>x = 2^256 - 1 is not below the field prime: not a point.</summary>
    internal static readonly Point NotAPoint = Point.FromHex("02" + new string('f', 64));

    [Fact]
    public void Peer_ready_before_our_confirmation_opens_when_we_confirm()
    {
        using var fixture = new OpeningFixture();
        var c = fixture.Confirm();

        // The provider sees depth 3 first; the meter's wallet still counts 2.
        var (providerReady, providerMessage) = c.Provider.FundingConfirmed(c.FundingOutput, 3, fixture.Pair.ProviderSigner);
        var (meterStill, none) = c.Meter.FundingConfirmed(c.FundingOutput, 2, fixture.Pair.MeterSigner);
        Assert.Same(c.Meter, meterStill);
        Assert.Null(none);

        var meterEarly = c.Meter.ReceiveChannelReady(OpeningFixture.OverTheWire(providerMessage!));
        Assert.Equal(fixture.Pair.ProviderSigner.GetPerCommitmentPoint(1), meterEarly.RemoteSecondPerCommitmentPoint);
        Assert.Null(c.Meter.RemoteSecondPerCommitmentPoint);

        var (meterOpened, meterMessage) = meterEarly.FundingConfirmed(c.FundingOutput, 3, fixture.Pair.MeterSigner);
        var meter = Assert.IsType<ChannelOpened>(meterOpened).Commitments;
        var provider = Assert.IsType<AwaitingChannelReady>(providerReady).ReceiveChannelReady(OpeningFixture.OverTheWire(meterMessage!));

        ChannelOpeningHappyPathTests.AssertAgree(fixture.Pair, meter, provider);
        AssertTransfersWork(fixture.Pair, meter, provider);
    }

    [Fact]
    public void Opener_ready_before_the_accepters_confirmation_opens_when_it_confirms()
    {
        using var fixture = new OpeningFixture();
        var c = fixture.Confirm();

        var (meterReady, meterMessage) = c.Meter.FundingConfirmed(c.FundingOutput, 5, fixture.Pair.MeterSigner);
        var providerEarly = c.Provider.ReceiveChannelReady(OpeningFixture.OverTheWire(meterMessage!));
        var (providerOpened, providerMessage) = providerEarly.FundingConfirmed(c.FundingOutput, 3, fixture.Pair.ProviderSigner);

        var provider = Assert.IsType<ChannelOpened>(providerOpened).Commitments;
        var meter = Assert.IsType<AwaitingChannelReady>(meterReady).ReceiveChannelReady(OpeningFixture.OverTheWire(providerMessage!));
        Assert.Equal(provider.ChannelId, providerOpened.ChannelId);
        ChannelOpeningHappyPathTests.AssertAgree(fixture.Pair, meter, provider);
        AssertTransfersWork(fixture.Pair, meter, provider);
    }

    [Fact]
    public void Both_orders_give_the_same_channel()
    {
        using var fixture = new OpeningFixture();
        var (meterUsual, providerUsual) = ChannelOpeningHappyPathTests.Open(fixture);
        var c = fixture.Confirm();
        var (providerReady, providerMessage) = c.Provider.FundingConfirmed(c.FundingOutput, 3, fixture.Pair.ProviderSigner);
        var (opened, meterMessage) = c.Meter.ReceiveChannelReady(providerMessage!).FundingConfirmed(c.FundingOutput, 3, fixture.Pair.MeterSigner);
        var provider = Assert.IsType<AwaitingChannelReady>(providerReady).ReceiveChannelReady(meterMessage!);

        Assert.Equal(meterUsual, Assert.IsType<ChannelOpened>(opened).Commitments);
        Assert.Equal(providerUsual, provider);
    }

    [Fact]
    public void Below_minimum_depth_nothing_is_sent()
    {
        using var fixture = new OpeningFixture();
        var c = fixture.Confirm();

        for (uint depth = 0; depth < 3; depth++)
        {
            var (state, message) = c.Provider.FundingConfirmed(c.FundingOutput, depth, fixture.Pair.ProviderSigner);
            Assert.Same(c.Provider, state);
            Assert.Null(message);
        }

        Assert.Equal(3U, c.Meter.RequiredDepth);
    }

    [Fact]
    public void Channel_ready_carries_our_point_for_commitment_1_and_the_real_channel_id()
    {
        using var fixture = new OpeningFixture();
        var c = fixture.Confirm();
        var (_, message) = c.Meter.FundingConfirmed(c.FundingOutput, 3, fixture.Pair.MeterSigner);

        Assert.Equal(ChannelIdDerivation.V1(c.Meter.FundingOutPoint), message!.ChannelId);
        Assert.Equal(new Point(fixture.Pair.MeterSigner.GetPerCommitmentPoint(1).AsSpan()), message.SecondPerCommitmentPoint);
    }

    [Fact]
    public void Invalid_second_point_is_rejected_while_waiting_for_our_confirmation()
    {
        using var fixture = new OpeningFixture();
        var c = fixture.Confirm();
        var (_, genuine) = c.Provider.FundingConfirmed(c.FundingOutput, 3, fixture.Pair.ProviderSigner);

        var error = Assert.Throws<InvalidPerCommitmentPointException>(() => c.Meter.ReceiveChannelReady(genuine! with { SecondPerCommitmentPoint = NotAPoint }));
        Assert.True(error.FailsChannel);
        Assert.Null(c.Meter.RemoteSecondPerCommitmentPoint);
        Assert.NotNull(c.Meter.ReceiveChannelReady(genuine!).RemoteSecondPerCommitmentPoint);
    }

    [Fact]
    public void Invalid_second_point_is_rejected_after_our_channel_ready()
    {
        using var fixture = new OpeningFixture();
        var c = fixture.Confirm();
        var (meterReady, _) = c.Meter.FundingConfirmed(c.FundingOutput, 3, fixture.Pair.MeterSigner);
        var (_, genuine) = c.Provider.FundingConfirmed(c.FundingOutput, 3, fixture.Pair.ProviderSigner);
        var waiting = Assert.IsType<AwaitingChannelReady>(meterReady);

        Assert.Throws<InvalidPerCommitmentPointException>(() => waiting.ReceiveChannelReady(genuine! with { SecondPerCommitmentPoint = NotAPoint }));
        Assert.NotNull(waiting.ReceiveChannelReady(genuine!));
    }

    [Fact]
    public void Channel_ready_for_another_channel_is_rejected()
    {
        using var fixture = new OpeningFixture();
        var c = fixture.Confirm();
        var (meterReady, _) = c.Meter.FundingConfirmed(c.FundingOutput, 3, fixture.Pair.MeterSigner);
        var (_, genuine) = c.Provider.FundingConfirmed(c.FundingOutput, 3, fixture.Pair.ProviderSigner);
        var foreign = genuine! with { ChannelId = fixture.TemporaryChannelId };
        var waiting = Assert.IsType<AwaitingChannelReady>(meterReady);

        Assert.Throws<WrongChannelException>(() => c.Meter.ReceiveChannelReady(foreign));
        Assert.Throws<WrongChannelException>(() => waiting.ReceiveChannelReady(foreign));
        Assert.NotNull(waiting.ReceiveChannelReady(genuine!));
    }

    [Fact]
    public void Funding_output_with_the_wrong_amount_is_not_announced_ready()
    {
        using var fixture = new OpeningFixture();
        var c = fixture.Confirm();
        var shortOutput = c.FundingOutput with { Value = new Satoshis(OpeningFixture.Funding.Value - 1) };

        var error = Assert.Throws<FundingOutputMismatchException>(() => c.Provider.FundingConfirmed(shortOutput, 3, fixture.Pair.ProviderSigner));
        Assert.Equal(c.FundingOutput, error.Expected);
        Assert.Equal(shortOutput, error.Actual);
        Assert.IsType<AwaitingChannelReady>(c.Provider.FundingConfirmed(c.FundingOutput, 3, fixture.Pair.ProviderSigner).State);
    }

    [Fact]
    public void Funding_output_to_another_script_is_not_announced_ready()
    {
        using var fixture = new OpeningFixture();
        var c = fixture.Confirm();
        var elsewhere = new TxOut(OpeningFixture.Funding, Bitcoin.Scripts.StandardScripts.PayToWitnessPubKeyHash(new byte[20]));

        Assert.Throws<FundingOutputMismatchException>(() => c.Meter.FundingConfirmed(elsewhere, 3, fixture.Pair.MeterSigner));
        Assert.IsType<AwaitingChannelReady>(c.Meter.FundingConfirmed(c.FundingOutput, 3, fixture.Pair.MeterSigner).State);
    }

    [Fact]
    public void Accepter_forgets_an_unfunded_channel_after_2016_blocks_opener_never()
    {
        using var fixture = new OpeningFixture();
        var c = fixture.Confirm();

        Assert.False(c.Provider.ShouldForget(2015));
        Assert.True(c.Provider.ShouldForget(2016));
        Assert.False(c.Meter.ShouldForget(100_000));
    }

    private static void AssertTransfersWork(ChannelPair pair, Commitments meter, Commitments provider)
    {
        pair.Meter = meter;
        pair.Provider = provider;
        pair.MeterPays(2_000_000);
        pair.Settle();
        Assert.Equal(new MilliSatoshis(2_000_000), pair.Provider.LocalCommit.Spec.ToLocal);
        Assert.Equal(pair.Meter.LocalCommit.Spec, pair.Provider.RemoteCommit.Spec);
    }
}
