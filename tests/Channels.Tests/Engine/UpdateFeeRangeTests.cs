using Microchannels.Bitcoin;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine;

/// <summary>
/// Issue 14 item 1: <c>update_fee</c> is checked against a policy range on both sides.
/// BOLT 2 "Updating Fees: update_fee", receiver: "if the update_fee is too low for timely
/// processing, OR is unreasonably large: MUST send a warning and close the connection, or
/// send an error and fail the channel". We fail the channel.
/// </summary>
public class UpdateFeeRangeTests
{
    private static readonly UpdateFeeRange Range = new(new FeeratePerKw(1_000), new FeeratePerKw(20_000));

    [Theory]
    [InlineData(999u)]
    [InlineData(20_001u)]
    [InlineData(50_000u)]
    public void The_provider_fails_the_channel_on_an_update_fee_outside_its_range(uint feerate)
    {
        using var pair = new ChannelPair(meterInitialMsat: 800_000_000, feerate: 2_000);
        var provider = new ChannelState.Normal(pair.Provider, ConnectionPhase.Connected, [], Range);

        var step = ChannelStateMachine.Process(provider, new ChannelInput.PeerMessage(new UpdateFee(provider.ChannelId, feerate)), pair.ProviderSigner);

        var failed = Assert.Single(step.Actions.OfType<ChannelAction.ChannelFailed>());
        Assert.IsType<UpdateFeeOutOfRangeException>(failed.Reason);
        Assert.True(failed.Reason.FailsChannel);
        Assert.IsType<ChannelState.ForceClosing>(step.State);
    }

    [Fact]
    public void An_update_fee_within_the_range_is_accepted()
    {
        using var pair = new ChannelPair(meterInitialMsat: 800_000_000, feerate: 2_000);
        var provider = new ChannelState.Normal(pair.Provider, ConnectionPhase.Connected, [], Range);

        var step = ChannelStateMachine.Process(provider, new ChannelInput.PeerMessage(new UpdateFee(provider.ChannelId, 20_000)), pair.ProviderSigner);

        Assert.Empty(step.Actions);
        Assert.Single(((ChannelState.Normal)step.State).Commitments.RemoteChanges.Proposed);
    }

    [Fact]
    public void Without_a_configured_range_the_default_refuses_an_unreasonably_large_feerate()
    {
        using var pair = new ChannelPair(meterInitialMsat: 800_000_000, feerate: 2_000);
        var provider = new ChannelState.Normal(pair.Provider, ConnectionPhase.Connected, []);

        var step = ChannelStateMachine.Process(provider, new ChannelInput.PeerMessage(new UpdateFee(provider.ChannelId, UpdateFeeRange.Default.Maximum.Value + 1)), pair.ProviderSigner);

        Assert.IsType<UpdateFeeOutOfRangeException>(Assert.Single(step.Actions.OfType<ChannelAction.ChannelFailed>()).Reason);
    }

    [Theory]
    [InlineData(999u)]
    [InlineData(20_001u)]
    public void The_meter_refuses_to_send_an_update_fee_outside_its_range_and_the_channel_stays(uint feerate)
    {
        using var pair = new ChannelPair(meterInitialMsat: 800_000_000, feerate: 2_000);
        var meter = new ChannelState.Normal(pair.Meter, ConnectionPhase.Connected, [], Range);

        var step = ChannelStateMachine.Process(meter, new ChannelInput.UpdateFee(new FeeratePerKw(feerate)), pair.MeterSigner);

        Assert.Same(meter, step.State);
        var refused = Assert.IsType<ChannelAction.CommandRejected>(Assert.Single(step.Actions));
        Assert.IsType<UpdateFeeOutOfRangeException>(refused.Reason);
        Assert.False(refused.Reason.FailsChannel);
    }

    [Theory]
    [InlineData(999u)]
    [InlineData(20_001u)]
    public void While_shutting_down_the_provider_still_holds_the_meters_update_fee_to_its_range(uint feerate)
    {
        using var pair = new ChannelPair(meterInitialMsat: 800_000_000, feerate: 2_000);
        var provider = new ChannelState.Normal(pair.Provider, ConnectionPhase.Connected, [], Range);
        var closing = ChannelStateMachine.Process(provider, new ChannelInput.CooperativeClose(null, new ClosingFeerates(new FeeratePerKw(2_000), new FeeratePerKw(253), new FeeratePerKw(5_000))), pair.ProviderSigner).State;

        // Our shutdown is out; the meter's update_fee crossed it (it has not sent its own shutdown).
        var shuttingDown = Assert.IsType<ChannelState.ShuttingDown>(closing);
        Assert.Equal(Range, shuttingDown.FeeRange);
        var step = ChannelStateMachine.Process(shuttingDown, new ChannelInput.PeerMessage(new UpdateFee(provider.ChannelId, feerate)), pair.ProviderSigner);

        var failed = Assert.Single(step.Actions.OfType<ChannelAction.ChannelFailed>());
        Assert.IsType<UpdateFeeOutOfRangeException>(failed.Reason);
        Assert.IsType<ChannelState.ForceClosing>(step.State);
    }

    [Fact]
    public void While_shutting_down_an_update_fee_within_the_range_is_accepted()
    {
        using var pair = new ChannelPair(meterInitialMsat: 800_000_000, feerate: 2_000);
        var provider = new ChannelState.Normal(pair.Provider, ConnectionPhase.Connected, [], Range);
        var shuttingDown = (ChannelState.ShuttingDown)ChannelStateMachine.Process(provider, new ChannelInput.CooperativeClose(null, new ClosingFeerates(new FeeratePerKw(2_000), new FeeratePerKw(253), new FeeratePerKw(5_000))), pair.ProviderSigner).State;

        var step = ChannelStateMachine.Process(shuttingDown, new ChannelInput.PeerMessage(new UpdateFee(provider.ChannelId, 20_000)), pair.ProviderSigner);

        Assert.DoesNotContain(step.Actions, a => a is ChannelAction.ChannelFailed);
        Assert.Single(Assert.IsType<ChannelState.ShuttingDown>(step.State).Shutdown.Commitments.RemoteChanges.Proposed);
    }
}
