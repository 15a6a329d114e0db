using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Channels.Billing.Statements;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Store;
using Microchannels.Channels.Tests.Engine;
using Microchannels.Channels.Tests.Node;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Billing;

/// <summary>
/// Issue 12's end-to-end story, over real loopback TCP (BOLT 8 + init) with SQLite
/// stores: a meter pays for a compressed day of version-2 readings, each side records
/// the readings its channel accepted, both sign a statement every hour and exchange
/// the signatures in statement_signature, the channel closes cooperatively, and the
/// verifier accepts the whole record against the closing transaction.
/// </summary>
public class BillingEndToEndTests
{
    private const ulong Tariff = 300;
    private const int Hours = 24;
    private const int ReadingsPerHour = 30;
    private const ulong DayStart = 1_750_032_000;

    [Fact]
    public async Task A_day_of_readings_hourly_statements_and_a_close_verify_against_the_closing_transaction()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        using var pair = new ChannelPair();
        await using var meter = new LoopbackNode("billing-meter", Seed(0x42), Hashes.Sha256("meter node"u8));
        await using var provider = new LoopbackNode("billing-provider", Seed(0x24), Hashes.Sha256("provider node"u8));
        var providerId = new Point(provider.NodeKey.PublicKey.AsSpan());
        var meterId = new Point(meter.NodeKey.PublicKey.AsSpan());
        var readingKey = new Point(pair.MeterReadingKey.PublicKey.AsSpan());
        var channelId = pair.Meter.ChannelId;

        // The provider knows its chain and node id, and has no earlier reading of this meter: it chains to genesis.
        await StartAsync(meter, pair.Meter, readings: null);
        await StartAsync(provider, pair.Provider, new ReadingExpectations(ChainHash.Regtest, providerId, ReadingBinding.Genesis));
        var meterLog = new ChannelReadingLog(ChainHash.Regtest, channelId, providerId, meterId, readingKey);
        var providerLog = new ChannelReadingLog(ChainHash.Regtest, channelId, providerId, meterId, readingKey);
        var meterRecording = Record(meter, meterLog, sent: true, ct);
        var providerRecording = Record(provider, providerLog, sent: false, ct);
        await LoopbackNode.ConnectAsync(meter, provider, ct);

        var statements = new List<BillingStatement>();
        SignedMeterReading? last = null;
        ulong transferId = 0, paid = 0;
        for (int hour = 0; hour < Hours; hour++)
        {
            ulong hourStart = DayStart + ((ulong)hour * 3600);
            for (int i = 0; i < ReadingsPerHour; i++)
            {
                ulong wh = 3 + (ulong)((hour + i) % 5);
                last = Sign(pair.MeterReadingKey, last, hourStart + 60 + ((ulong)i * 110), wh, channelId, providerId, transferId++);
                await meter.Runner!.PostAsync(new ChannelInput.SendTransfer(last.Reading.Binding!.AmountMsat, last), ct);
                paid += last.Reading.Binding!.AmountMsat.Value;
            }

            // The hour is over once both sides have recorded its readings: each builds the statement, signs it, and sends its signature.
            ulong expected = transferId;
            await Eventually.TrueAsync(() => Locked(meterLog, l => l.Count) == expected && Locked(providerLog, l => l.Count) == expected, $"hour {hour}'s readings", ct);
            statements.Add(Exchange(meterLog, providerLog, meter.NodeKey, provider.NodeKey, hourStart, hourStart + 3600));
        }

        await meter.Runner!.PostAsync(new ChannelInput.CooperativeClose(null, ClosingFeerates.Around(new FeeratePerKw(500))), ct);
        await Eventually.TrueAsync(() => meter.Runner!.State is ChannelState.MutualClose && !meter.Chain.Broadcast.IsEmpty, "the meter to close", ct);
        var closing = Assert.Single(meter.Chain.Broadcast);

        // The statement at close covers the time since the last hourly one: no readings, the same root.
        ulong dayEnd = DayStart + (Hours * 3600);
        var atClose = Exchange(meterLog, providerLog, meter.NodeKey, provider.NodeKey, dayEnd, dayEnd + 1);
        Assert.Equal(statements[^1].Root, atClose.Root);
        statements.Add(atClose);

        // Anyone holding the files verifies the whole record against the closing transaction.
        var files = statements.Select(StatementJson.Write).Select(StatementJson.Read).ToList();
        var providerScript = StandardScripts.PayToWitnessPubKeyHashFromPublicKey(provider.Signer!.Basepoints.PaymentBasepoint.AsSpan());
        StatementVerifier.VerifyClose(files, closing, providerScript, providerOpeningBalance: MilliSatoshis.Zero, providerRefunds: MilliSatoshis.Zero);
        Assert.Equal(paid, files.Aggregate(0UL, (sum, s) => sum + s.Totals.AmountMsat.Value));
        Assert.Equal((ulong)(Hours * ReadingsPerHour), files[^1].TreeSize);

        // Any reading of any hour is provable against the final root, and each hour's tree extends the one before.
        for (int hour = 1; hour < Hours; hour++)
        {
            StatementVerifier.VerifyConsistency(files[hour - 1], files[hour], providerLog.ConsistencyProof(files[hour - 1].TreeSize, files[hour].TreeSize));
        }

        ulong probe = 17 * ReadingsPerHour + 11;
        StatementVerifier.VerifyReadingInclusion(files[^1], providerLog[probe], probe, providerLog.InclusionProof(probe, files[^1].TreeSize));

        // A close that paid the provider one satoshi less does not match the record.
        var shortChanged = closing.WithOutputs(closing.Outputs.Select(o => o.ScriptPubKey == providerScript ? o with { Value = new Satoshis(o.Value.Value - 1) } : o));
        Assert.Throws<Microchannels.Channels.Billing.Statements.Errors.StatementCloseMismatchException>(
            () => StatementVerifier.VerifyClose(files, shortChanged, providerScript, MilliSatoshis.Zero, MilliSatoshis.Zero, checkReadingSignatures: false));

        timeout.Cancel();
        await Task.WhenAll(Ignore(meterRecording), Ignore(providerRecording));
    }

    /// <summary>Both sides build the period's statement from their own records and sign it; each accepts the other's statement_signature as it arrives on the wire.</summary>
    private static BillingStatement Exchange(ChannelReadingLog meterLog, ChannelReadingLog providerLog, PrivateKey meterKey, PrivateKey providerKey, ulong start, ulong end)
    {
        var meterStatement = Locked(meterLog, l => l.BuildStatement(start, end, Tariff)).SignAsMeter(meterKey);
        var providerStatement = Locked(providerLog, l => l.BuildStatement(start, end, Tariff)).SignAsProvider(providerKey);
        var toProvider = (StatementSignature)MessageCodec.Decode(MessageCodec.Encode(StatementExchange.Offer(meterStatement, asProvider: false))).Message;
        var toMeter = (StatementSignature)MessageCodec.Decode(MessageCodec.Encode(StatementExchange.Offer(providerStatement, asProvider: true))).Message;
        var providerCopy = StatementExchange.Accept(providerStatement, toProvider, weAreProvider: true);
        var meterCopy = StatementExchange.Accept(meterStatement, toMeter, weAreProvider: false);
        Assert.Equal(StatementJson.Write(providerCopy), StatementJson.Write(meterCopy));
        StatementVerifier.Verify(providerCopy);
        return providerCopy;
    }

    /// <summary>The host's part: every reading of a completed transfer goes into the channel's log.</summary>
    private static Task Record(LoopbackNode node, ChannelReadingLog log, bool sent, CancellationToken ct) => Task.Run(async () =>
    {
        await foreach (var action in node.Runner!.Events.ReadAllAsync(ct))
        {
            if (action is ChannelAction.TransfersCompleted done)
            {
                foreach (var transfer in sent ? done.Sent : done.Received)
                {
                    Locked(log, l => { l.Append(transfer.Reading); return 0; });
                }
            }
        }
    }, ct);

    private static SignedMeterReading Sign(PrivateKey key, SignedMeterReading? previous, ulong timestamp, ulong wh, ChannelId channel, Point provider, ulong transferId)
    {
        ulong import = (previous?.Reading.CumulativeWh ?? 0) + wh;
        var binding = new ReadingBinding(ChainHash.Regtest, channel, provider, transferId, new MilliSatoshis(wh * Tariff), 0, previous?.Reading.SigningHash() ?? ReadingBinding.Genesis);
        var reading = MeterReading.V2(import, import * 2, timestamp, binding);
        return new SignedMeterReading(reading, new CompactSignature(key.Sign(reading.SigningHash().AsSpan()).ToCompact()));
    }

    private static T Locked<T>(ChannelReadingLog log, Func<ChannelReadingLog, T> use)
    {
        lock (log)
        {
            return use(log);
        }
    }

    private static async Task StartAsync(LoopbackNode node, Commitments commitments, ReadingExpectations? readings)
    {
        var state = new ChannelState.Normal(commitments, ConnectionPhase.Disconnected, []);
        await node.Store.SaveAsync(new ChannelRecord(new ChannelKey(state.ChannelId.AsSpan()), 1, Microchannels.Channels.Node.ChannelStateCodec.Encode(state)));
        node.Start(state, 1, readings: readings);
    }

    private static async Task Ignore(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static byte[] Seed(byte b) => Enumerable.Repeat(b, 32).ToArray();
}
