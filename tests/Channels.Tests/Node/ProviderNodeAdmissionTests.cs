using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Tests.Engine;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Node;

/// <summary>Who the provider node lets in, and what it keeps: bounded openings, fresh keys per channel, its own keys only.</summary>
public class ProviderNodeAdmissionTests
{
    private static readonly Satoshis Funding = new(500_000);

    [Fact]
    public async Task An_abandoned_opening_is_forgotten_and_the_meter_opens_again()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        await using var provider = new ProviderHarness();
        using var readings = new ChannelPair();
        await provider.StartAsync(ct);
        using var meterKey = PrivateKey.FromBytes(Hashes.Sha256("meter node 0"u8));

        // open_channel, then the meter vanishes before funding_created: the provider forgets it.
        Point firstFundingKey;
        await using (var first = await NoisePeerConnection.ConnectAsync(provider.Node!.LocalEndPoint, meterKey, provider.Node.NodeId, cancellationToken: ct))
        {
            await first.SendAsync(OpenMessage(readings, "first"), ct);
            firstFundingKey = Assert.IsType<AcceptChannel>(await first.ReceiveAsync(ct)).FundingPubkey;
        }

        await Eventually.TrueAsync(() => provider.Node.ChannelCount == 0, "the abandoned opening to be forgotten", ct);

        // The same meter opens again: accepted. Nothing was signed under the first keys, so its
        // records were pruned and the same (public) keys are shown again (StrangerRecordTests).
        await using var second = await NoisePeerConnection.ConnectAsync(provider.Node.LocalEndPoint, meterKey, provider.Node.NodeId, cancellationToken: ct);
        await second.SendAsync(OpenMessage(readings, "second"), ct);
        var accept = Assert.IsType<AcceptChannel>(await second.ReceiveAsync(ct));
        Assert.Equal(firstFundingKey, accept.FundingPubkey);
        Assert.Equal(1, provider.Node.ChannelCount);
    }

    [Fact]
    public async Task Openings_beyond_the_bound_are_refused_with_an_error()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        await using var provider = new ProviderHarness(new ProviderNodeOptions { OpenAdmission = true, MaxOpeningChannels = 1 });
        using var readings = new ChannelPair();
        await provider.StartAsync(ct);
        using var firstKey = PrivateKey.FromBytes(Hashes.Sha256("meter node 1"u8));
        using var secondKey = PrivateKey.FromBytes(Hashes.Sha256("meter node 2"u8));

        await using var first = await NoisePeerConnection.ConnectAsync(provider.Node!.LocalEndPoint, firstKey, provider.Node.NodeId, cancellationToken: ct);
        await first.SendAsync(OpenMessage(readings, "first"), ct);
        Assert.IsType<AcceptChannel>(await first.ReceiveAsync(ct));

        await using var second = await NoisePeerConnection.ConnectAsync(provider.Node.LocalEndPoint, secondKey, provider.Node.NodeId, cancellationToken: ct);
        await second.SendAsync(OpenMessage(readings, "second"), ct);
        var error = Assert.IsType<Error>(await second.ReceiveAsync(ct));
        Assert.Contains("too many", System.Text.Encoding.UTF8.GetString(error.Data.ToArray()), StringComparison.Ordinal);
        Assert.Equal(1, provider.Node.ChannelCount);
    }

    [Fact]
    public async Task A_node_restarted_with_another_seed_refuses_to_run_channels_whose_keys_it_cannot_derive()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        await using var provider = new ProviderHarness();
        using var readings = new ChannelPair();
        await using var meter = new MeterClient(0);
        await StoredOpeningAsync(provider, meter, readings, ct);

        await Assert.ThrowsAsync<StoredChannelKeysMismatchException>(() => provider.RestartWithSeedAsync("another seed", ct));
        Assert.Null(provider.Node);

        // With its own seed it runs the channel again.
        await provider.RestartWithSeedAsync("provider seed", ct);
        Assert.IsType<ChannelState.Opening>(provider.Node!.GetState(meter.NodeKey.PublicKey));
    }

    [Fact]
    public async Task A_channel_whose_funding_never_comes_is_deleted_after_2016_blocks()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        await using var provider = new ProviderHarness();
        using var readings = new ChannelPair();
        await using var meter = new MeterClient(0);
        var opening = await StoredOpeningAsync(provider, meter, readings, ct);

        await provider.Node!.BlockConnectedAsync(1_000, ct);
        await Eventually.TrueAsync(() => (provider.Node.GetState(meter.NodeKey.PublicKey) as ChannelState.Opening)?.WaitingSinceHeight == 1_000, "the wait to be counted", ct);
        await provider.Node.BlockConnectedAsync(1_000 + 2_016, ct);
        await Eventually.TrueAsync(() => provider.Node.ChannelCount == 0, "the channel to be forgotten", ct);
        Assert.False(await StoredAsync(provider, opening.ChannelId, ct));

        await provider.RestartAsync(ct);
        Assert.Equal(0, provider.Node!.ChannelCount);
    }

    [Fact]
    public async Task A_meter_that_lost_its_unfunded_opening_opens_again_with_new_keys_unless_we_were_pushed_funds()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        await using var provider = new ProviderHarness();
        using var readings = new ChannelPair();
        await provider.StartAsync(ct);
        using var meterKey = PrivateKey.FromBytes(Hashes.Sha256("meter node 0"u8));

        // Stored on our side (funding_signed sent), then the meter forgets it (BOLT 2 allows it before broadcasting).
        var first = await StoredOpeningAsync(provider, meterKey, readings, "first", MilliSatoshis.Zero, ct);
        Assert.True(await StoredAsync(provider, first.ChannelId, ct));

        // Its new open_channel replaces it: the old record is gone, the new channel has other keys.
        var second = await StoredOpeningAsync(provider, meterKey, readings, "second", MilliSatoshis.Zero, ct);
        Assert.False(await StoredAsync(provider, first.ChannelId, ct));
        Assert.NotEqual(first.FundingKey, second.FundingKey);

        // With funds pushed to us, the opening is ours to keep: a new open_channel is refused.
        using var pushingKey = PrivateKey.FromBytes(Hashes.Sha256("meter node 7"u8));
        var pushed = await StoredOpeningAsync(provider, pushingKey, readings, "pushed", new MilliSatoshis(5_000_000), ct);
        await using var again = await NoisePeerConnection.ConnectAsync(provider.Node!.LocalEndPoint, pushingKey, provider.Node.NodeId, cancellationToken: ct);
        await again.SendAsync(OpenMessage(readings, "pushed again"), ct);
        Assert.IsType<Error>(await again.ReceiveAsync(ct));
        Assert.True(await StoredAsync(provider, pushed.ChannelId, ct));
    }

    [Fact]
    public async Task With_an_allow_list_a_stranger_cannot_start_an_opening()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        using var known = PrivateKey.FromBytes(Hashes.Sha256("meter node 1"u8));
        using var stranger = PrivateKey.FromBytes(Hashes.Sha256("meter node 2"u8));
        await using var provider = new ProviderHarness(new ProviderNodeOptions { AllowedMeters = new HashSet<PublicKey> { known.PublicKey } });
        using var readings = new ChannelPair();
        await provider.StartAsync(ct);

        await using var refused = await NoisePeerConnection.ConnectAsync(provider.Node!.LocalEndPoint, stranger, provider.Node.NodeId, cancellationToken: ct);
        await refused.SendAsync(OpenMessage(readings, "stranger"), ct);
        Assert.IsType<Error>(await refused.ReceiveAsync(ct));

        await using var accepted = await NoisePeerConnection.ConnectAsync(provider.Node.LocalEndPoint, known, provider.Node.NodeId, cancellationToken: ct);
        await accepted.SendAsync(OpenMessage(readings, "known"), ct);
        Assert.IsType<AcceptChannel>(await accepted.ReceiveAsync(ct));
        Assert.Equal(1, provider.Node.ChannelCount);
    }

    /// <summary>Starts the node and lets <paramref name="meter"/> open until the node has stored the opening.</summary>
    internal static async Task<ChannelState.Opening> StoredOpeningAsync(ProviderHarness provider, MeterClient meter, ChannelPair readings, CancellationToken ct)
    {
        await provider.StartAsync(ct);
        await meter.OpenAsync(provider.Node!.LocalEndPoint, provider.Node.NodeId, Funding, MilliSatoshis.Zero, readings.MeterReadingKey.PublicKey, ct);
        return await Eventually.ValueAsync(() => provider.Node.GetState(meter.NodeKey.PublicKey) as ChannelState.Opening is { IsDurable: true } o ? o : null, "the stored opening", ct);
    }

    /// <summary>
    /// Opens as <paramref name="meterKey"/> through the meter's own state machine up to the
    /// provider's funding_signed, then drops the connection: the provider holds a stored opening.
    /// </summary>
    private static async Task<(ChannelId ChannelId, Point FundingKey)> StoredOpeningAsync(
        ProviderHarness provider, PrivateKey meterKey, ChannelPair readings, string name, MilliSatoshis push, CancellationToken ct)
    {
        using var signer = new InMemoryChannelSigner(ChannelSecrets.FromSeed(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes(name))));
        ChannelState meter = ChannelStateMachine.Open(new ChannelId(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes(name))), Funding, push, new FeeratePerKw(253), readings.MeterReadingKey.PublicKey, signer, ChannelAcceptancePolicy.Default);
        await using var connection = await NoisePeerConnection.ConnectAsync(provider.Node!.LocalEndPoint, meterKey, provider.Node.NodeId, cancellationToken: ct);
        var step = ChannelStateMachine.Process(meter, new ChannelInput.Connected(), signer);
        await connection.SendAsync(Assert.IsType<ChannelAction.SendMessage>(Assert.Single(step.Actions)).Message, ct);
        var accept = Assert.IsType<AcceptChannel>(await connection.ReceiveAsync(ct));
        step = ChannelStateMachine.Process(step.State, new ChannelInput.PeerMessage(accept), signer);
        var create = Assert.IsType<ChannelAction.CreateFundingTransaction>(Assert.Single(step.Actions));
        step = ChannelStateMachine.Process(step.State, new ChannelInput.FundingTransactionCreated(Microchannels.Channels.Tests.Engine.StateMachine.OpeningSide.Funding(create.FundingScriptPubKey, create.Amount)), signer);
        await connection.SendAsync(Assert.IsType<ChannelAction.SendMessage>(Assert.Single(step.Actions)).Message, ct);
        var signed = Assert.IsType<FundingSigned>(await connection.ReceiveAsync(ct));
        return (signed.ChannelId, accept.FundingPubkey);
    }

    [Fact]
    public async Task A_meter_naming_another_channels_funding_outpoint_cannot_touch_that_channels_record()
    {
        // The store key is ours (peer and nonce), not the channel_id the peer picks by naming an outpoint.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        await using var provider = new ProviderHarness();
        using var readings = new ChannelPair();
        await provider.StartAsync(ct);
        using var victimKey = PrivateKey.FromBytes(Hashes.Sha256("meter node 0"u8));
        using var attackerKey = PrivateKey.FromBytes(Hashes.Sha256("meter node 9"u8));
        var victim = await StoredOpeningAsync(provider, victimKey, readings, "victim", new MilliSatoshis(5_000_000), ct);
        var outPoint = Assert.IsType<AwaitingFundingConfirmed>(Assert.IsType<ChannelState.Opening>(provider.Node!.GetState(victimKey.PublicKey)).Phase).FundingOutPoint;

        // The attacker's funding_created names the victim's funding outpoint, so its channel_id is the victim's.
        using (var signer = new InMemoryChannelSigner(ChannelSecrets.FromSeed(Hashes.Sha256("attacker"u8))))
        {
            ChannelState meter = ChannelStateMachine.Open(new ChannelId(Hashes.Sha256("attacker"u8)), Funding, MilliSatoshis.Zero, new FeeratePerKw(253), readings.MeterReadingKey.PublicKey, signer, ChannelAcceptancePolicy.Default);
            await using var connection = await NoisePeerConnection.ConnectAsync(provider.Node.LocalEndPoint, attackerKey, provider.Node.NodeId, cancellationToken: ct);
            var step = ChannelStateMachine.Process(meter, new ChannelInput.Connected(), signer);
            await connection.SendAsync(Assert.IsType<ChannelAction.SendMessage>(Assert.Single(step.Actions)).Message, ct);
            var accept = Assert.IsType<AcceptChannel>(await connection.ReceiveAsync(ct));
            step = ChannelStateMachine.Process(step.State, new ChannelInput.PeerMessage(accept), signer);
            var (_, created) = Assert.IsType<AwaitingFundingTransaction>(((ChannelState.Opening)step.State).Phase).FundingTransactionCreated(outPoint, signer);
            await connection.SendAsync(created, ct);
            Assert.Equal(victim.ChannelId, Assert.IsType<FundingSigned>(await connection.ReceiveAsync(ct)).ChannelId);
        }

        // Its second open_channel retires its own opening: the victim's record and channel stay.
        await using var again = await NoisePeerConnection.ConnectAsync(provider.Node.LocalEndPoint, attackerKey, provider.Node.NodeId, cancellationToken: ct);
        await again.SendAsync(OpenMessage(readings, "attacker again"), ct);
        Assert.IsType<AcceptChannel>(await again.ReceiveAsync(ct));
        Assert.True(await StoredAsync(provider, victim.ChannelId, ct));
        Assert.IsType<ChannelState.Opening>(provider.Node.GetState(victimKey.PublicKey));
        await provider.RestartAsync(ct);
        Assert.IsType<ChannelState.Opening>(provider.Node!.GetState(victimKey.PublicKey));
    }

    [Fact]
    public async Task After_a_restart_a_meter_never_gets_the_keys_of_an_opening_we_signed_and_deleted()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        await using var provider = new ProviderHarness();
        using var readings = new ChannelPair();
        await provider.StartAsync(ct);
        using var meterKey = PrivateKey.FromBytes(Hashes.Sha256("meter node 0"u8));

        // funding_signed went out for the first opening; it is then replaced by one never stored.
        var first = await StoredOpeningAsync(provider, meterKey, readings, "first", MilliSatoshis.Zero, ct);
        await using (var second = await NoisePeerConnection.ConnectAsync(provider.Node!.LocalEndPoint, meterKey, provider.Node.NodeId, cancellationToken: ct))
        {
            await second.SendAsync(OpenMessage(readings, "second"), ct);
            Assert.IsType<AcceptChannel>(await second.ReceiveAsync(ct));
        }

        await Eventually.TrueAsync(() => provider.Node.ChannelCount == 0, "the abandoned opening to be forgotten", ct);
        Assert.False(await StoredAsync(provider, first.ChannelId, ct));
        await provider.RestartAsync(ct);

        await using var third = await NoisePeerConnection.ConnectAsync(provider.Node!.LocalEndPoint, meterKey, provider.Node.NodeId, cancellationToken: ct);
        await third.SendAsync(OpenMessage(readings, "third"), ct);
        Assert.NotEqual(first.FundingKey, Assert.IsType<AcceptChannel>(await third.ReceiveAsync(ct)).FundingPubkey);
    }

    /// <summary>True when the node's store holds a channel record for <paramref name="channelId"/>.</summary>
    private static async Task<bool> StoredAsync(ProviderHarness provider, ChannelId channelId, CancellationToken ct)
    {
        await foreach (var record in provider.Store!.LoadAllAsync(ct))
        {
            if (PeerChannelRecord.IsChannelRecord(record.State.Span) && PeerChannelRecord.Decode(record.State.Span).State.ChannelId == channelId)
            {
                return true;
            }
        }

        return false;
    }

    internal static OpenChannel OpenMessage(ChannelPair readings, string name)
    {
        using var signer = new InMemoryChannelSigner(ChannelSecrets.FromSeed(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes(name))));
        var opening = ChannelStateMachine.Open(new ChannelId(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes(name))), Funding, MilliSatoshis.Zero, new FeeratePerKw(253), readings.MeterReadingKey.PublicKey, signer, ChannelAcceptancePolicy.Default);
        return Assert.IsType<OpenChannel>(opening.Pending);
    }
}
