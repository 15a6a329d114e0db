using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Billing.Statements;
using Microchannels.Channels.Billing.Statements.Errors;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Store;
using Microchannels.Channels.Tests.Engine;
using Microchannels.Channels.Tests.Node;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Billing;

/// <summary>
/// The runner routes statement_signature (docs/STATEMENTS.md "When"): two runners over
/// loopback TCP, each with a statement book, close each hour as a reading of the next hour
/// completes and at the channel's close; each signs with its node key, sends its signature,
/// and stores the statement once the other's verifies. A bad signature is refused with its
/// error and nothing is stored.
/// </summary>
public class StatementRoutingTests
{
    private const ulong Tariff = 300;
    private const ulong DayStart = 1_750_032_000;

    [Fact]
    public async Task Each_hour_and_the_close_produce_a_statement_both_sides_signed_and_stored()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        await using var rig = await Rig.StartAsync(meterSignsWith: null, ct);

        // Two hours of readings, then one in the third hour: the first two hours close.
        await rig.PayAsync([100, 1_900, 3_700, 5_000, 7_300], ct);
        var meterSide = await rig.CountersignedAsync(rig.Meter, 2, ct);
        var providerSide = await rig.CountersignedAsync(rig.Provider, 2, ct);
        Assert.Equal([(DayStart, DayStart + 3600), (DayStart + 3600, DayStart + 7200)], providerSide.Select(s => (s.PeriodStart, s.PeriodEnd)));
        Assert.Equal(providerSide.Select(StatementJson.Write), meterSide.Select(StatementJson.Write));
        Assert.Equal([2, 2], providerSide.Select(s => s.Readings.Count));

        // The close closes the open period: the fifth reading.
        await rig.Meter.Runner!.PostAsync(new ChannelInput.CooperativeClose(null, ClosingFeerates.Around(new FeeratePerKw(500))), ct);
        var atClose = Assert.Single(await rig.CountersignedAsync(rig.Provider, 1, ct));
        Assert.Equal((DayStart + 7200, DayStart + 7300 + 1, 1), (atClose.PeriodStart, atClose.PeriodEnd, atClose.Readings.Count));
        Assert.Single(await rig.CountersignedAsync(rig.Meter, 1, ct));

        // Every statement carries both signatures and verifies, alone and as a sequence, and each side stored it.
        var all = providerSide.Append(atClose).ToList();
        StatementVerifier.VerifySequence(all);
        foreach (var statement in all)
        {
            Assert.NotNull(statement.ProviderSignature);
            Assert.NotNull(statement.MeterSignature);
            foreach (var node in new[] { rig.Meter, rig.Provider })
            {
                var stored = await node.Store.LoadAsync(StatementRecord.KeyOf(statement.ChannelId, statement.PeriodStart, statement.PeriodEnd), ct);
                Assert.Equal(StatementJson.Write(statement), StatementJson.Write(StatementRecord.Decode(stored!.State.Span)));
            }
        }
    }

    [Fact]
    public async Task A_signature_that_does_not_verify_is_refused_and_nothing_is_stored()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        using var impostor = PrivateKey.FromBytes(Hashes.Sha256("not the meter's node key"u8));
        await using var rig = await Rig.StartAsync(meterSignsWith: impostor, ct);

        await rig.PayAsync([100, 3_700], ct);
        var refused = await Eventually.EventAsync<ChannelAction.StatementSignatureRefused>(rig.Provider.Runner!, ct);
        var invalid = Assert.IsType<StatementSignatureInvalidException>(refused.Reason);
        Assert.Equal("meter", invalid.Side);

        // Nothing stored on the provider's side; the statement still waits for a valid signature.
        var period = Assert.Single(rig.ProviderBook.Pending);
        Assert.Null(await rig.Provider.Store.LoadAsync(StatementRecord.KeyOf(period.ChannelId, period.PeriodStart, period.PeriodEnd), ct));
        Assert.Equal((DayStart, DayStart + 3600), (period.PeriodStart, period.PeriodEnd));
    }

    private sealed class Rig : IAsyncDisposable
    {
        private readonly ChannelPair _pair = new();
        private SignedMeterReading? _last;
        private ulong _transferId;

        private Rig()
        {
        }

        public LoopbackNode Meter { get; } = new("statements-meter", Seed(0x42), Hashes.Sha256("meter node"u8));

        public LoopbackNode Provider { get; } = new("statements-provider", Seed(0x24), Hashes.Sha256("provider node"u8));

        public StatementBook ProviderBook { get; private set; } = null!;

        private Point ProviderId => new(Provider.NodeKey.PublicKey.AsSpan());

        /// <param name="meterSignsWith">A key that is not the meter's node key, to make its signatures invalid; null for the real one.</param>
        public static async Task<Rig> StartAsync(PrivateKey? meterSignsWith, CancellationToken ct)
        {
            var rig = new Rig();
            var providerId = rig.ProviderId;
            var meterId = new Point(rig.Meter.NodeKey.PublicKey.AsSpan());
            var readingKey = new Point(rig._pair.MeterReadingKey.PublicKey.AsSpan());
            var channelId = rig._pair.Meter.ChannelId;
            Func<BillingStatement, BillingStatement> meterSigns = meterSignsWith is null
                ? s => s.SignAsMeter(rig.Meter.NodeKey)
                : s => s with { MeterSignature = new CompactSignature(meterSignsWith.Sign(s.Digest().AsSpan()).ToCompact()) };
            var meterBook = new StatementBook(new ChannelReadingLog(ChainHash.Regtest, channelId, providerId, meterId, readingKey), asProvider: false, meterSigns, _ => Tariff);
            rig.ProviderBook = new StatementBook(new ChannelReadingLog(ChainHash.Regtest, channelId, providerId, meterId, readingKey), asProvider: true, s => s.SignAsProvider(rig.Provider.NodeKey), _ => Tariff);
            await StartAsync(rig.Meter, rig._pair.Meter, readings: null, meterBook);
            await StartAsync(rig.Provider, rig._pair.Provider, new ReadingExpectations(ChainHash.Regtest, providerId, ReadingBinding.Genesis), rig.ProviderBook);
            await LoopbackNode.ConnectAsync(rig.Meter, rig.Provider, ct);
            return rig;
        }

        /// <summary>One payment per offset (seconds after the day's start), 3 Wh at the tariff each.</summary>
        public async Task PayAsync(IReadOnlyList<ulong> offsets, CancellationToken ct)
        {
            foreach (ulong offset in offsets)
            {
                ulong import = (_last?.Reading.CumulativeWh ?? 0) + 3;
                var binding = new ReadingBinding(ChainHash.Regtest, _pair.Meter.ChannelId, ProviderId, _transferId++, new MilliSatoshis(3 * Tariff), 0, _last?.Reading.SigningHash() ?? ReadingBinding.Genesis);
                var reading = MeterReading.V2(import, import * 2, DayStart + offset, binding);
                _last = new SignedMeterReading(reading, new CompactSignature(_pair.MeterReadingKey.Sign(reading.SigningHash().AsSpan()).ToCompact()));
                await Meter.Runner!.PostAsync(new ChannelInput.SendTransfer(binding.AmountMsat, _last), ct);
            }
        }

        /// <summary>The next <paramref name="count"/> statements the node stored, skipping other events.</summary>
        public async Task<List<BillingStatement>> CountersignedAsync(LoopbackNode node, int count, CancellationToken ct)
        {
            var found = new List<BillingStatement>();
            while (found.Count < count)
            {
                found.Add((await Eventually.EventAsync<ChannelAction.StatementCountersigned>(node.Runner!, ct)).Statement);
            }

            return found;
        }

        public async ValueTask DisposeAsync()
        {
            await Meter.DisposeAsync();
            await Provider.DisposeAsync();
            _pair.Dispose();
        }

        private static async Task StartAsync(LoopbackNode node, Commitments commitments, ReadingExpectations? readings, StatementBook book)
        {
            var state = new ChannelState.Normal(commitments, ConnectionPhase.Disconnected, []);
            await node.Store.SaveAsync(new ChannelRecord(new ChannelKey(state.ChannelId.AsSpan()), 1, ChannelStateCodec.Encode(state)));
            node.Start(state, 1, readings: readings, statements: book);
        }

        private static byte[] Seed(byte b) => Enumerable.Repeat(b, 32).ToArray();
    }
}
