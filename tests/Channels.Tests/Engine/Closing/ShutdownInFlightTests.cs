using Microchannels.Bitcoin;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.Closing;

/// <summary>
/// Shutdown while updates are in flight: the commitment exchange completes, and closing
/// negotiation starts only once neither side has a pending update or owes a revocation.
/// </summary>
public class ShutdownInFlightTests
{
    [Fact]
    public void Shutdown_received_while_a_commitment_is_in_flight_waits_for_the_exchange_to_complete()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        pair.MeterPays(7_777);
        pair.MeterSigns();
        var closing = new ClosingPair(pair);

        // update_transfer, commitment_signed, then shutdown on the wire.
        closing.Initiate(closing.Meter);
        Assert.False(closing.Meter.ShuttingDown!.ReadyToNegotiate);
        Assert.True(closing.Meter.Commitments.AwaitingRevocation);

        closing.DeliverTo(closing.Provider);
        closing.DeliverTo(closing.Provider);
        closing.DeliverTo(closing.Provider);

        // The provider revoked but must still sign the transfer into the meter's commitment
        // before it may answer the shutdown.
        var provider = closing.Provider.ShuttingDown!;
        Assert.NotNull(provider.RemoteScript);
        Assert.False(provider.LocalShutdownSent);
        Assert.False(provider.CanSendShutdown);
        Assert.False(provider.ReadyToNegotiate);
        var revoke = Assert.IsType<RevokeAndAck>(closing.TakeTo(closing.Meter));
        closing.Deliver(closing.Meter, revoke);
        Assert.False(closing.Meter.ShuttingDown!.ReadyToNegotiate);
        Assert.Equal(0, closing.MessagesToMeter);

        closing.Run();

        // The first closing_signed went out only after the last revoke_and_ack and both shutdowns.
        int firstClosing = closing.Log.FindIndex(e => e.Message is ClosingSigned);
        int lastRevoke = closing.Log.FindLastIndex(e => e.Message is RevokeAndAck);
        int lastShutdown = closing.Log.FindLastIndex(e => e.Message is Shutdown);
        Assert.True(firstClosing > lastRevoke);
        Assert.True(firstClosing > lastShutdown);
        Assert.Same(closing.Meter, closing.Log[firstClosing].From);

        // The in-flight transfer is in the close.
        var meterTx = closing.Meter.Broadcast!;
        Assert.Equal(meterTx, closing.Provider.Broadcast);
        var providerBalance = closing.Provider.Commitments.LocalCommit.Spec.ToLocal;
        Assert.Equal(new MilliSatoshis(1_234_567 + 15_000_001 - 345_679 + 2_000_500 + 7_777), providerBalance);
        Assert.Contains(meterTx.Outputs, o => o.Value == providerBalance.ToSatoshis() && o.ScriptPubKey.AsSpan().SequenceEqual(ClosingPair.ProviderScript.Span));
    }

    [Fact]
    public void A_transfer_that_crossed_our_shutdown_is_committed_and_the_reply_waits_for_it()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        pair.ProviderRefunds(5_555);
        var closing = new ClosingPair(pair);

        // The meter shuts down before it sees the provider's refund.
        closing.Initiate(closing.Meter);
        closing.DeliverTo(closing.Provider);
        var provider = closing.Provider.ShuttingDown!;
        Assert.False(provider.LocalShutdownSent);
        Assert.False(provider.CanSendShutdown);
        Assert.Equal(1, closing.MessagesToMeter);

        // The refund was sent before the provider's shutdown: a normal update for the meter.
        closing.DeliverTo(closing.Meter);
        Assert.Single(closing.Meter.Commitments.RemoteChanges.Proposed);

        // The provider signs its refund, and only then answers the shutdown.
        Assert.True(closing.Advance(closing.Provider));
        Assert.IsType<CommitmentSigned>(closing.Log[^1].Message);
        Assert.True(closing.Advance(closing.Provider));
        Assert.IsType<Shutdown>(closing.Log[^1].Message);

        // Both shutdowns are exchanged, but the meter still owes the provider a signature for
        // the refund and then awaits its revocation: no negotiation yet.
        closing.DeliverTo(closing.Meter);
        closing.DeliverTo(closing.Meter);
        var meter = closing.Meter.ShuttingDown!;
        Assert.True(meter.LocalShutdownSent);
        Assert.NotNull(meter.RemoteScript);
        Assert.True(meter.Commitments.CanSendCommit);
        Assert.False(meter.ReadyToNegotiate);
        Assert.True(closing.Advance(closing.Meter));
        Assert.IsType<CommitmentSigned>(closing.Log[^1].Message);
        Assert.False(closing.Meter.ShuttingDown!.ReadyToNegotiate);
        Assert.False(closing.Advance(closing.Meter));

        closing.Run();
        int firstClosing = closing.Log.FindIndex(e => e.Message is ClosingSigned);
        int lastRevoke = closing.Log.FindLastIndex(e => e.Message is RevokeAndAck);
        Assert.Same(closing.Provider, closing.Log[lastRevoke].From);
        Assert.True(firstClosing > lastRevoke);

        Assert.NotNull(closing.Meter.Broadcast);
        Assert.Equal(closing.Meter.Broadcast, closing.Provider.Broadcast);
        var meterBalance = closing.Meter.Commitments.LocalCommit.Spec.ToLocal;
        Assert.Equal(new MilliSatoshis((ulong)(ChannelPair.FundingSatoshis * 1000) - 1_234_567 - 15_000_001 + 345_679 - 2_000_500 + 5_555), meterBalance);
    }

    [Fact]
    public void An_update_fee_sent_before_the_peer_saw_our_shutdown_is_committed_before_closing()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = new ClosingPair(pair);
        var (meter, fee) = closing.Meter.Normal!.SendFee(new FeeratePerKw(500));
        closing.Meter.Normal = meter;
        closing.Send(closing.Meter, fee);

        // The provider shuts down before the fee update reaches it.
        closing.Initiate(closing.Provider);
        closing.DeliverTo(closing.Provider);
        Assert.Single(closing.Provider.Commitments.RemoteChanges.Proposed);

        // The meter may answer only once its fee update is signed.
        closing.DeliverTo(closing.Meter);
        Assert.False(closing.Meter.ShuttingDown!.LocalShutdownSent);
        Assert.False(closing.Meter.ShuttingDown.CanSendShutdown);

        closing.Run();
        Assert.Equal(new FeeratePerKw(500), closing.Meter.Commitments.LocalCommit.Spec.Feerate);
        Assert.Equal(new FeeratePerKw(500), closing.Provider.Commitments.LocalCommit.Spec.Feerate);
        Assert.NotNull(closing.Meter.Broadcast);
        Assert.Equal(closing.Meter.Broadcast, closing.Provider.Broadcast);
    }
}
