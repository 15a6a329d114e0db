using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.Closing.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.Closing;

/// <summary>BOLT 2 "Closing Initiation: shutdown", sender and receiver rules.</summary>
public class ShutdownTests
{
    private static readonly ByteVector P2pkh = new(StandardScripts.PayToPubKeyHash(Enumerable.Repeat((byte)0x11, 20).ToArray()).AsSpan());

    [Fact]
    public void Shutdown_exchange_on_a_quiet_channel_makes_both_sides_ready()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = new ClosingPair(pair);

        closing.Initiate(closing.Meter);
        var sent = Assert.IsType<Shutdown>(closing.PeekTo(closing.Provider));
        Assert.Equal(ClosingPair.MeterScript, sent.ScriptPubkey);
        Assert.True(closing.Meter.ShuttingDown!.LocalShutdownSent);
        Assert.False(closing.Meter.ShuttingDown.ReadyToNegotiate);

        closing.DeliverTo(closing.Provider);
        var reply = Assert.IsType<Shutdown>(closing.PeekTo(closing.Meter));
        Assert.Equal(ClosingPair.ProviderScript, reply.ScriptPubkey);
        Assert.Equal(ClosingPair.MeterScript, closing.Provider.ShuttingDown!.RemoteScript);
        Assert.True(closing.Provider.ShuttingDown.ReadyToNegotiate);

        closing.DeliverTo(closing.Meter);
        Assert.True(closing.Meter.ShuttingDown!.ReadyToNegotiate);
    }

    [Fact]
    public void Shutdown_with_our_unsigned_transfer_is_refused_until_it_is_signed()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        pair.MeterPays(1_000);

        var error = Assert.Throws<ShutdownWithPendingUpdatesException>(() => ShuttingDown.Initiate(pair.Meter, ClosingPair.MeterScript, ShutdownTerms.Default));
        Assert.Equal(1, error.PendingUpdates);
        Assert.False(error.FailsChannel);

        // Signed (commitment_signed in flight): nothing is pending on the provider's commitment any more.
        pair.MeterSigns();
        var (state, _) = ShuttingDown.Initiate(pair.Meter, ClosingPair.MeterScript, ShutdownTerms.Default);
        Assert.True(state.LocalShutdownSent);
    }

    [Fact]
    public void Shutdown_with_acknowledged_peer_updates_not_yet_signed_back_is_refused()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        pair.ProviderRefunds(1_000);
        pair.ProviderSigns();
        pair.DeliverToMeter();
        pair.DeliverToMeter();

        // The meter revoked and owes the provider a commitment_signed covering the refund.
        var error = Assert.Throws<ShutdownWithPendingUpdatesException>(() => ShuttingDown.Initiate(pair.Meter, ClosingPair.MeterScript, ShutdownTerms.Default));
        Assert.Equal(1, error.PendingUpdates);
    }

    [Fact]
    public void Our_script_must_be_an_allowed_form()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var error = Assert.Throws<InvalidShutdownScriptException>(() => ShuttingDown.Initiate(pair.Meter, P2pkh, new ShutdownTerms(AnySegwit: true, AcceptLegacyRemoteScripts: true)));
        Assert.True(error.Local);
        Assert.Equal(ShutdownScriptKind.PayToPubKeyHash, error.Kind);
    }

    [Fact]
    public void A_peer_script_not_in_an_allowed_form_gets_a_warning_and_changes_nothing()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var shutdown = ClosingPair.RoundTrip(new Shutdown(pair.Meter.ChannelId, ByteVector.FromHex("51")));

        var error = Assert.Throws<InvalidShutdownScriptException>(() => ShuttingDown.Receive(pair.Provider, shutdown, ClosingPair.ProviderScript, ShutdownTerms.Default));
        Assert.False(error.Local);
        Assert.False(error.FailsChannel);
        Assert.Equal(ShutdownScriptKind.Nonstandard, error.Kind);
    }

    [Fact]
    public void Our_shutdown_must_repeat_our_upfront_script()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var terms = new ShutdownTerms(AnySegwit: false, LocalUpfrontScript: ClosingPair.ProviderScript);

        var error = Assert.Throws<UpfrontShutdownScriptMismatchException>(() => ShuttingDown.Initiate(pair.Meter, ClosingPair.MeterScript, terms));
        Assert.False(error.FailsConnection);
        Assert.False(error.FailsChannel);
        Assert.True(ShuttingDown.Initiate(pair.Meter, ClosingPair.ProviderScript, terms).State.LocalShutdownSent);

        // An empty upfront script commits to nothing.
        Assert.True(ShuttingDown.Initiate(pair.Meter, ClosingPair.MeterScript, terms with { LocalUpfrontScript = ByteVector.Empty }).State.LocalShutdownSent);
    }

    [Fact]
    public void A_peer_shutdown_that_breaks_its_upfront_script_fails_the_connection()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var terms = new ShutdownTerms(AnySegwit: false, RemoteUpfrontScript: ClosingPair.ProviderScript);
        var shutdown = ClosingPair.RoundTrip(new Shutdown(pair.Meter.ChannelId, ClosingPair.MeterScript));

        var error = Assert.Throws<UpfrontShutdownScriptMismatchException>(() => ShuttingDown.Receive(pair.Provider, shutdown, ClosingPair.ProviderScript, terms));
        Assert.True(error.FailsConnection);
        Assert.Equal(ClosingPair.ProviderScript, error.UpfrontScript);

        var (state, reply) = ShuttingDown.Receive(pair.Provider, shutdown, ClosingPair.ProviderScript, terms with { RemoteUpfrontScript = ClosingPair.MeterScript });
        Assert.NotNull(reply);
        Assert.Equal(ClosingPair.MeterScript, state.RemoteScript);
    }

    [Fact]
    public void A_retransmitted_shutdown_is_harmless_and_a_changed_one_fails_the_channel()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = new ClosingPair(pair);
        closing.Initiate(closing.Meter);
        var shutdown = (Shutdown)closing.PeekTo(closing.Provider);
        closing.DeliverTo(closing.Provider);
        var state = closing.Provider.ShuttingDown!;

        var (again, reply) = state.ReceiveShutdown(shutdown);
        Assert.Same(state, again);
        Assert.Null(reply);

        var changed = ClosingPair.RoundTrip(shutdown with { ScriptPubkey = ClosingPair.ProviderScript });
        var error = Assert.Throws<ShutdownScriptChangedException>(() => state.ReceiveShutdown(changed));
        Assert.True(error.FailsChannel);
        Assert.Equal(ClosingPair.MeterScript, error.Previous);
    }

    [Fact]
    public void A_peer_shutdown_with_its_own_unsigned_transfer_fails_the_channel()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        pair.MeterPays(1_000);
        pair.DeliverToProvider();
        var shutdown = ClosingPair.RoundTrip(new Shutdown(pair.Meter.ChannelId, ClosingPair.MeterScript));

        var error = Assert.Throws<ShutdownWithPendingUpdatesException>(() => ShuttingDown.Receive(pair.Provider, shutdown, ClosingPair.ProviderScript, ShutdownTerms.Default));
        Assert.True(error.FailsChannel);
        Assert.Equal(1, error.PendingUpdates);
    }

    [Fact]
    public void Shutdown_for_another_channel_is_rejected()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var shutdown = ClosingPair.RoundTrip(new Shutdown(new ChannelId(new byte[32]), ClosingPair.MeterScript));
        Assert.Throws<Microchannels.Channels.Engine.Errors.WrongChannelException>(() => ShuttingDown.Receive(pair.Provider, shutdown, ClosingPair.ProviderScript, ShutdownTerms.Default));
    }

    [Fact]
    public void Shutdown_is_sent_once()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var (state, _) = ShuttingDown.Initiate(pair.Meter, ClosingPair.MeterScript, ShutdownTerms.Default);
        Assert.False(state.CanSendShutdown);
        Assert.Throws<InvalidOperationException>(() => state.SendShutdown());
    }

    [Fact]
    public void New_transfers_and_fee_updates_are_refused_while_shutting_down()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = new ClosingPair(pair);
        closing.Initiate(closing.Meter);
        closing.DeliverTo(closing.Provider);

        foreach (var side in new[] { closing.Meter, closing.Provider })
        {
            var transfer = Assert.Throws<ChannelShuttingDownException>(() => side.ShuttingDown!.SendTransfer(new MilliSatoshis(1_000), pair.NextReading()));
            Assert.False(transfer.FailsChannel);
            var fee = Assert.Throws<ChannelShuttingDownException>(() => side.ShuttingDown!.SendFee(new FeeratePerKw(2_000)));
            Assert.False(fee.FailsChannel);
        }
    }

    [Fact]
    public void A_transfer_the_peer_sends_after_its_own_shutdown_fails_the_channel()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        var closing = new ClosingPair(pair);
        closing.Initiate(closing.Meter);
        closing.DeliverTo(closing.Provider);
        var provider = closing.Provider.ShuttingDown!;
        var forged = ClosingPair.RoundTrip(new UpdateTransfer(pair.Meter.ChannelId, pair.Meter.LocalNextTransferId, new MilliSatoshis(1_000), pair.NextReading()));

        var error = Assert.Throws<ChannelShuttingDownException>(() => provider.ReceiveTransfer(forged));
        Assert.True(error.FailsChannel);
        Assert.Equal("update_transfer", error.Update);

        // Likewise update_fee once nothing is owed: "MUST NOT send any update message after that point".
        var fee = ClosingPair.RoundTrip(new UpdateFee(pair.Meter.ChannelId, 2_000));
        Assert.True(Assert.Throws<ChannelShuttingDownException>(() => provider.ReceiveFee(fee)).FailsChannel);
    }

    [Fact]
    public void Closing_signed_before_the_channel_is_quiet_fails_the_channel()
    {
        using var pair = ClosingScenarios.AfterTransfersBothWays();
        pair.MeterPays(7_777);
        pair.MeterSigns();
        var closing = new ClosingPair(pair);
        closing.Initiate(closing.Meter);
        closing.DeliverTo(closing.Provider);
        closing.DeliverTo(closing.Provider);
        closing.DeliverTo(closing.Provider);
        var provider = closing.Provider.ShuttingDown!;
        Assert.False(provider.ReadyToNegotiate);

        var early = ClosingPair.RoundTrip(new ClosingSigned(pair.Meter.ChannelId, 500, new CompactSignature(new byte[64])) { FeeRange = new ClosingFeeRange(100, 1_000) });
        var error = Assert.Throws<UnexpectedClosingSignedException>(() => provider.ReceiveClosingSigned(early, closing.Provider.Signer, closing.Provider.Feerates));
        Assert.True(error.FailsChannel);
        Assert.False(error.AfterAgreement);
    }
}
