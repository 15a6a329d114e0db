using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Node;

/// <summary>docs/PROTOCOL.md: the provider pins each meter's reading key, configured or learnt at its first channel, and never takes another silently.</summary>
public class MeterReadingKeyPinTests
{
    private static readonly Satoshis Funding = new(500_000);

    [Fact]
    public async Task A_key_learnt_at_the_first_channel_is_kept_across_restarts_and_another_is_refused()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        using var meterKey = PrivateKey.FromBytes(Hashes.Sha256("pinned meter"u8));

        // A listed meter: a stranger's key, learnt at an opening that never completed, is pruned (StrangerRecordTests).
        await using var provider = new ProviderHarness(new ProviderNodeOptions { AllowedMeters = new HashSet<PublicKey> { meterKey.PublicKey } });
        await provider.StartAsync(ct);
        using var readingKey = PrivateKey.FromBytes(Hashes.Sha256("reading key"u8));
        using var otherKey = PrivateKey.FromBytes(Hashes.Sha256("another reading key"u8));

        await using (var first = await NoisePeerConnection.ConnectAsync(provider.Node!.LocalEndPoint, meterKey, provider.Node.NodeId, cancellationToken: ct))
        {
            await first.SendAsync(Open("first", readingKey.PublicKey), ct);
            Assert.IsType<AcceptChannel>(await first.ReceiveAsync(ct));
        }

        Assert.Equal(readingKey.PublicKey, provider.Node.PinnedReadingKey(meterKey.PublicKey));
        await Eventually.TrueAsync(() => provider.Node.ChannelCount == 0, "the abandoned opening to be forgotten", ct);
        await provider.RestartAsync(ct);
        Assert.Equal(readingKey.PublicKey, provider.Node!.PinnedReadingKey(meterKey.PublicKey));

        await using (var changed = await NoisePeerConnection.ConnectAsync(provider.Node.LocalEndPoint, meterKey, provider.Node.NodeId, cancellationToken: ct))
        {
            await changed.SendAsync(Open("second", otherKey.PublicKey), ct);
            Assert.IsType<Error>(await changed.ReceiveAsync(ct));
        }

        await using var same = await NoisePeerConnection.ConnectAsync(provider.Node.LocalEndPoint, meterKey, provider.Node.NodeId, cancellationToken: ct);
        await same.SendAsync(Open("third", readingKey.PublicKey), ct);
        Assert.IsType<AcceptChannel>(await same.ReceiveAsync(ct));
    }

    [Fact]
    public async Task A_configured_key_refuses_any_other_from_the_first_channel()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        using var meterKey = PrivateKey.FromBytes(Hashes.Sha256("configured meter"u8));
        using var configured = PrivateKey.FromBytes(Hashes.Sha256("configured reading key"u8));
        using var other = PrivateKey.FromBytes(Hashes.Sha256("other reading key"u8));
        await using var provider = new ProviderHarness(new ProviderNodeOptions { OpenAdmission = true, MeterReadingKeys = new Dictionary<PublicKey, PublicKey> { [meterKey.PublicKey] = configured.PublicKey } });
        await provider.StartAsync(ct);

        await using (var refused = await NoisePeerConnection.ConnectAsync(provider.Node!.LocalEndPoint, meterKey, provider.Node.NodeId, cancellationToken: ct))
        {
            await refused.SendAsync(Open("first", other.PublicKey), ct);
            Assert.IsType<Error>(await refused.ReceiveAsync(ct));
        }

        Assert.Equal(0, provider.Node.ChannelCount);
        await using var accepted = await NoisePeerConnection.ConnectAsync(provider.Node.LocalEndPoint, meterKey, provider.Node.NodeId, cancellationToken: ct);
        await accepted.SendAsync(Open("second", configured.PublicKey), ct);
        Assert.IsType<AcceptChannel>(await accepted.ReceiveAsync(ct));
    }

    [Fact]
    public void A_damaged_pin_record_is_refused()
    {
        using var meter = PrivateKey.FromBytes(Hashes.Sha256("m"u8));
        using var reading = PrivateKey.FromBytes(Hashes.Sha256("r"u8));
        var record = MeterReadingKeyPin.Encode(meter.PublicKey, reading.PublicKey);
        Assert.Equal((meter.PublicKey, reading.PublicKey), MeterReadingKeyPin.Decode(record));
        record[40] ^= 1;
        Assert.Throws<Microchannels.Channels.Engine.Persistence.ChannelStateFormatException>(() => MeterReadingKeyPin.Decode(record));
    }

    private static OpenChannel Open(string name, PublicKey readingKey)
    {
        using var signer = new InMemoryChannelSigner(ChannelSecrets.FromSeed(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes(name))));
        var opening = ChannelStateMachine.Open(new ChannelId(Hashes.Sha256(System.Text.Encoding.UTF8.GetBytes(name))), Funding, MilliSatoshis.Zero, new FeeratePerKw(253), readingKey, signer, ChannelAcceptancePolicy.Default);
        return Assert.IsType<OpenChannel>(opening.Pending);
    }
}
