using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Store;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Node;

/// <summary>
/// docs/PROTOCOL.md "Which versions are accepted": the provider node gives every channel its
/// expectations of the meter's readings: version 2, its own chain and node id, and, for a
/// channel's first reading, the last reading of the meter's previous channel, kept in a
/// record that survives restarts. A reading that misses one is refused with its own error and
/// moves no money. (Channel, transfer id and amount are checked by the engine whatever the
/// node passes: Engine/Readings/ReadingV2Tests.)
/// </summary>
public class ProviderNodeReadingTests
{
    private static readonly Satoshis Funding = new(500_000);
    private static readonly MilliSatoshis Push = new(10_000_000);
    private static readonly Sha256Hash PreviousChannelLast = new(Hashes.Sha256("the meter's last reading on its previous channel"u8));

    public enum Fault
    {
        Version1,
        OtherChain,
        OtherProvider,
        NotChainedToPreviousChannel,
    }

    [Theory]
    [InlineData(Fault.Version1, typeof(ReadingVersionRefusedException))]
    [InlineData(Fault.OtherChain, typeof(ReadingChainMismatchException))]
    [InlineData(Fault.OtherProvider, typeof(ReadingProviderMismatchException))]
    [InlineData(Fault.NotChainedToPreviousChannel, typeof(ReadingPredecessorMismatchException))]
    public async Task A_reading_that_misses_what_the_node_expects_is_refused_with_its_error_and_moves_no_money(Fault fault, Type error)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        await using var setup = await OpenAsync(ct);
        var (provider, meter, readingKey) = (setup.Provider, setup.Meter, setup.ReadingKey);
        var node = provider.Node!;
        var providerId = new Point(node.NodeId.AsSpan());

        var reading = fault switch
        {
            Fault.Version1 => Sign(readingKey, new MeterReading(1, 10, 1_700_000_005)),
            Fault.OtherChain => Sign(readingKey, Reading(ChainHash.Bitcoin, meter.State.ChannelId, providerId, PreviousChannelLast)),
            Fault.OtherProvider => Sign(readingKey, Reading(ChainHash.Regtest, meter.State.ChannelId, new Point(readingKey.PublicKey.AsSpan()), PreviousChannelLast)),
            _ => Sign(readingKey, Reading(ChainHash.Regtest, meter.State.ChannelId, providerId, ReadingBinding.Genesis)),
        };
        await meter.Runner!.PostAsync(new ChannelInput.SendTransfer(new MilliSatoshis(5_000), reading), ct);

        // A peer broke a rule: the channel is failed (BOLT 5) with the rule's own error, nothing of the transfer applied.
        var failed = await NextAsync<ChannelAction.ChannelFailed>(node, ct);
        Assert.IsType(error, failed.Reason);
        var after = node.GetState(meter.NodeKey.PublicKey)!.CommitmentsOrNull!;
        Assert.Equal(Push, after.LocalCommit.Spec.ToLocal);
        Assert.Equal(0UL, after.RemoteNextTransferId);
    }

    [Fact]
    public async Task The_first_reading_chained_to_the_previous_channel_pays_after_a_restart()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        await using var setup = await OpenAsync(ct);
        var (provider, meter, readingKey) = (setup.Provider, setup.Meter, setup.ReadingKey);

        // The mark was loaded at start-up; it holds across another restart too.
        await provider.RestartAsync(ct);
        Assert.Equal(PreviousChannelLast, provider.Node!.ReadingExpectationsOf(meter.NodeKey.PublicKey).FirstPredecessor);
        await meter.ConnectAsync(provider.Node.LocalEndPoint, provider.Node.NodeId, ct);

        var providerId = new Point(provider.Node.NodeId.AsSpan());
        var first = Sign(readingKey, Reading(ChainHash.Regtest, meter.State.ChannelId, providerId, PreviousChannelLast));
        await meter.Runner!.PostAsync(new ChannelInput.SendTransfer(new MilliSatoshis(5_000), first), ct);
        var second = Sign(readingKey, Reading(ChainHash.Regtest, meter.State.ChannelId, providerId, first.Reading.SigningHash(), transferId: 1, wh: 2));
        await meter.Runner!.PostAsync(new ChannelInput.SendTransfer(new MilliSatoshis(5_000), second), ct);

        await Eventually.TrueAsync(
            () => provider.Node.GetState(meter.NodeKey.PublicKey) is ChannelState.Normal { Commitments.LocalCommit.Spec.ToLocal.Value: 10_010_000 },
            "both payments",
            ct);
    }

    /// <summary>A provider whose store says the meter's previous channel ended at <see cref="PreviousChannelLast"/>, and the meter's new channel, open.</summary>
    private static async Task<Setup> OpenAsync(CancellationToken ct)
    {
        var setup = new Setup();
        await setup.Provider.StartAsync(ct);
        await setup.Provider.Store!.SaveAsync(new ChannelRecord(MeterReadingChainMark.KeyOf(setup.Meter.NodeKey.PublicKey), 1, MeterReadingChainMark.Encode(setup.Meter.NodeKey.PublicKey, PreviousChannelLast)), ct);
        await setup.Provider.RestartAsync(ct);
        var node = setup.Provider.Node!;
        await setup.Meter.OpenAsync(node.LocalEndPoint, node.NodeId, Funding, Push, setup.ReadingKey.PublicKey, ct);
        var funding = await Eventually.ValueAsync(() => setup.Meter.Funding, "the funding", ct);
        var depth = ChannelAcceptancePolicy.Default.MinimumDepth;
        await setup.Meter.Runner!.PostAsync(new ChannelInput.FundingConfirmed(funding, depth), ct);
        await node.PostAsync(setup.Meter.NodeKey.PublicKey, new ChannelInput.FundingConfirmed(funding, depth), ct);
        await Eventually.TrueAsync(
            () => setup.Meter.State is ChannelState.Normal { Connection: ConnectionPhase.Connected } && node.GetState(setup.Meter.NodeKey.PublicKey) is ChannelState.Normal { Connection: ConnectionPhase.Connected },
            "the channel open",
            ct);
        return setup;
    }

    private static MeterReading Reading(ChainHash chain, ChannelId channel, Point provider, Sha256Hash previous, ulong transferId = 0, ulong wh = 1) =>
        MeterReading.V2(wh, wh * 10, 1_700_000_000 + (wh * 5), new ReadingBinding(chain, channel, provider, transferId, new MilliSatoshis(5_000), 0, previous));

    private static SignedMeterReading Sign(PrivateKey key, MeterReading reading) =>
        new(reading, new CompactSignature(key.Sign(reading.SigningHash().AsSpan()).ToCompact()));

    private static async Task<T> NextAsync<T>(ProviderNode node, CancellationToken ct)
        where T : ChannelAction
    {
        await foreach (var notice in node.Events.ReadAllAsync(ct))
        {
            if (notice.Action is T found)
            {
                return found;
            }
        }

        throw new InvalidOperationException("The node's events ended.");
    }

    private sealed class Setup : IAsyncDisposable
    {
        public ProviderHarness Provider { get; } = new();

        public MeterClient Meter { get; } = new(7);

        public PrivateKey ReadingKey { get; } = PrivateKey.FromBytes(Hashes.Sha256("node reading test key"u8));

        public async ValueTask DisposeAsync()
        {
            await Meter.DisposeAsync();
            await Provider.DisposeAsync();
            ReadingKey.Dispose();
        }
    }
}
