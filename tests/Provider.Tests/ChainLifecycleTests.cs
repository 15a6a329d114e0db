using Grpc.Core;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Provider.Api.V1;
using Microchannels.Provider.Tests.Support;
using Xunit.Abstractions;
using Kind = Microchannels.Provider.Api.V1.ChannelEvent.KindOneofCase;
using OutPoint = Microchannels.Bitcoin.Transactions.OutPoint;

namespace Microchannels.Provider.Tests;

/// <summary>
/// A channel's whole life on a real chain, through the daemon's gRPC API, in order: three
/// meters open channels from their wallets, stream, and then one is closed cooperatively, one
/// force closed (the daemon sweeps its delayed output after to_self_delay) and one meter
/// broadcasts a revoked commitment, which the daemon punishes (BOLT 5 "Revoked Transaction
/// Close Handling"). Balances are checked against the chain to the satoshi, and
/// SubscribeChannelEvents shows each step. Rows: the SIMULATED embedded chain on every run, a
/// real bitcoind where one is found.
/// </summary>
public sealed class ChainLifecycleTests(ITestOutputHelper output)
{
    private static readonly Satoshis Capacity = new(500_000);
    private const int Transfers = 10;
    private const ulong TransferMsat = 2_000_000;

    /// <summary>The meter asks this of the provider: the force close's sweep waits this many blocks.</summary>
    private const ushort ProviderToSelfDelay = 10;

    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task Open_stream_close_cooperatively_force_close_and_punish_a_revoked_commitment_through_the_API(ChainKind kind)
    {
        string dataDirectory = Directory.CreateTempSubdirectory("microchannels-provider-lifecycle-").FullName;
        await using var chain = await TestChain.StartAsync(kind);
        var daemon = await DaemonProcess.StartAsync(dataDirectory, chain.Url, 0, 0, chain.DaemonArguments);
        await using var cooperative = new TestMeter("cooperative", chain);
        await using var forced = new TestMeter("forced", chain, ProviderToSelfDelay);
        await using var cheat = new TestMeter("cheat", chain);
        try
        {
            var admin = daemon.Client(daemon.AdminToken);
            await using var events = await EventLog.SubscribeAsync(daemon.Client(daemon.ReadOnlyToken));
            TestMeter[] meters = [cooperative, forced, cheat];

            // Open: each meter funds its channel from its own wallet.
            foreach (var meter in meters)
            {
                await admin.AllowMeterAsync(new AllowMeterRequest { NodeId = Id(meter), ReadingKey = meter.ReadingKey.PublicKey.ToString() });
                await meter.OpenAsync(daemon, Capacity);
                var opened = await events.WaitAsync(Id(meter), Kind.Opened);
                Assert.Equal((ulong)Capacity.Value, opened.Opened.CapacitySat);
                Assert.Equal(meter.Funding!.GetTxId().ToString(), opened.Opened.FundingOutpoint.Txid);
            }

            await chain.MineAsync(3);
            foreach (var meter in meters)
            {
                await meter.ConfirmAsync(daemon);
                await events.WaitAsync(Id(meter), Kind.FundingConfirmed);
            }

            // Stream: every transfer reaches the subscriber, numbered 1, 2, 3, ...
            foreach (var meter in meters)
            {
                await meter.PayAsync(Transfers, TransferMsat);
            }

            foreach (var meter in meters)
            {
                await meter.WaitCompletedAsync(Transfers);
            }

            var streamed = await ReadTransfersAsync(admin, meters.Length * Transfers);
            Assert.Equal(Enumerable.Range(1, meters.Length * Transfers).Select(i => (ulong)i), streamed.Select(t => t.Sequence));
            foreach (var meter in meters)
            {
                Assert.Equal(Transfers, streamed.Count(t => t.MeterNodeId == Id(meter) && t.AmountMsat == TransferMsat && t.Direction == TransferDirection.Received));
                var channel = await admin.GetChannelAsync(new GetChannelRequest { MeterNodeId = Id(meter) });
                Assert.Equal(Transfers * TransferMsat, channel.TotalReceivedMsat);
                Assert.Equal(Transfers * TransferMsat, channel.LocalBalanceMsat);
            }

            ulong providerSat = Transfers * TransferMsat / 1000;

            // Cooperative close: the closing transaction pays us our balance; the meter, as funder, pays the fee.
            var mutual = await admin.CloseChannelAsync(new CloseChannelRequest { MeterNodeId = Id(cooperative), Cooperative = new CooperativeClose { TargetFeerateSatPerKw = 1000 }, WaitForTxid = true }, deadline: DateTime.UtcNow.AddSeconds(60));
            Assert.Equal(ChannelState.MutualClose, mutual.State);
            await events.WaitAsync(Id(cooperative), Kind.Closing, e => e.Closing.ClosingTxid == mutual.ClosingTxid);
            var closingTransaction = await WaitInMempoolAsync(chain, mutual.ClosingTxid);

            // Force close: our commitment, our balance in the delayed to_local output.
            var force = await admin.CloseChannelAsync(new CloseChannelRequest { MeterNodeId = Id(forced), Force = new ForceClose { Reason = "lifecycle test" }, WaitForTxid = true }, deadline: DateTime.UtcNow.AddSeconds(60));
            Assert.Equal(ChannelState.ForceClosing, force.State);
            await events.WaitAsync(Id(forced), Kind.Closing, e => e.Closing.Kind == "force" && e.Closing.ClosingTxid == force.ClosingTxid);
            var commitment = await WaitInMempoolAsync(chain, force.ClosingTxid);
            int toLocalIndex = commitment.Outputs.ToList().FindIndex(o => StandardScripts.IsPayToWitnessScriptHash(o.ScriptPubKey));
            Assert.Equal(providerSat, (ulong)commitment.Outputs[toLocalIndex].Value.Value);

            // The cheat keeps its commitment while it is current (we hold providerSat in it),
            // pays five more transfers (revoking it), goes silent and broadcasts it.
            var revoked = cheat.SignedCommitment();
            await cheat.PayAsync(5, TransferMsat);
            await cheat.WaitCompletedAsync(Transfers + 5);
            await Eventually.TrueAsync(async () => (await admin.GetChannelAsync(new GetChannelRequest { MeterNodeId = Id(cheat) })).TotalReceivedMsat == (Transfers + 5) * TransferMsat, "the cheat's last transfers journaled");
            await cheat.StopAsync();
            await chain.Rpc.SendRawTransactionAsync(revoked);

            // One block confirms all three closing transactions; the daemon sees the breach and answers with its penalty.
            await chain.MineAsync(1);
            var breach = await events.WaitAsync(Id(cheat), Kind.BreachDetected);
            Assert.Equal(revoked.GetTxId().ToString(), breach.BreachDetected.CommitmentTxid);
            await events.WaitAsync(Id(cheat), Kind.Closing, e => e.Closing.Kind == "breach");
            var penalty = await WaitInMempoolAsync(chain, breach.BreachDetected.PenaltyTxid);
            await chain.MineAsync(1);
            Assert.Equal(1, await chain.DepthAsync(penalty.GetTxId()));
            Assert.Equal(2, await chain.DepthAsync(revoked.GetTxId()));

            // The sweep of our to_local: not before to_self_delay (BIP 68), broadcast when it is reached.
            await chain.MineAsync(ProviderToSelfDelay - 3);
            Assert.Equal(ProviderToSelfDelay - 1, await chain.DepthAsync(commitment.GetTxId()));
            var toLocal = new OutPoint(commitment.GetTxId(), (uint)toLocalIndex);
            Assert.Null(await FindSpenderInMempoolAsync(chain, toLocal));
            await chain.MineAsync(1);
            Transaction? sweep = null;
            await Eventually.TrueAsync(async () => (sweep = await FindSpenderInMempoolAsync(chain, toLocal)) is not null, "the sweep of our to_local at to_self_delay");

            // Buried 100 deep (BOLT 5 "irrevocably resolved"): every channel is closed.
            await chain.MineAsync((int)Channels.Engine.OnChain.OnChainClose.IrrevocablyResolvedDepth + 1);
            var mutualClosed = await events.WaitAsync(Id(cooperative), Kind.Closed);
            var forceClosed = await events.WaitAsync(Id(forced), Kind.Closed);
            var penaltyConfirmed = await events.WaitAsync(Id(cheat), Kind.PenaltyConfirmed);
            var cheatClosed = await events.WaitAsync(Id(cheat), Kind.Closed);

            // Cooperative, to the satoshi: our output is our balance; the meter's is the rest less the fee.
            Satoshis closingFee = Capacity - Sum(closingTransaction.Outputs);
            Assert.True(closingFee.Value > 0);
            Assert.Equal("mutual", mutualClosed.Closed.Kind);
            Assert.Equal(providerSat, mutualClosed.Closed.SettledSat);
            Assert.Single(closingTransaction.Outputs, o => (ulong)o.Value.Value == providerSat);
            Assert.Single(closingTransaction.Outputs, o => o.Value == Capacity - new Satoshis((long)providerSat) - closingFee);

            // Force close: the sweep spends exactly our to_local, settled is its output.
            Satoshis sweepFee = commitment.Outputs[toLocalIndex].Value - Sum(sweep!.Outputs);
            Assert.True(sweepFee.Value > 0);
            Assert.Equal(toLocal, Assert.Single(sweep.Inputs).PrevOut);
            Assert.Equal("local_commitment", forceClosed.Closed.Kind);
            Assert.Equal((ulong)(providerSat - (ulong)sweepFee.Value), forceClosed.Closed.SettledSat);

            // Breach: we keep our to_remote of the revoked state and take the cheat's to_local, less the fees.
            Satoshis commitmentFee = Capacity - Sum(revoked.Outputs);
            Satoshis penaltyFee = Sum(penalty.Inputs.Select(i => revoked.Outputs[(int)i.PrevOut.Index])) - Sum(penalty.Outputs);
            Assert.All(penalty.Inputs, i => Assert.Equal(revoked.GetTxId(), i.PrevOut.TxId));
            Assert.Single(revoked.Outputs, o => (ulong)o.Value.Value == providerSat);
            ulong punished = (ulong)(Capacity - commitmentFee - penaltyFee).Value;
            Assert.Equal(penalty.GetTxId().ToString(), penaltyConfirmed.PenaltyConfirmed.PenaltyTxid);
            Assert.Equal(punished, penaltyConfirmed.PenaltyConfirmed.AmountSat);
            Assert.Equal("revoked_commitment", cheatClosed.Closed.Kind);
            Assert.Equal(punished, cheatClosed.Closed.SettledSat);

            var sheet = await admin.GetBalanceSheetAsync(new GetBalanceSheetRequest());
            Assert.Equal(mutualClosed.Closed.SettledSat + forceClosed.Closed.SettledSat + punished, sheet.OnchainSettledSat);
            Assert.Equal(0U, sheet.OpenChannelCount);

            // Every step, in order, on the event stream.
            Assert.Equal([Kind.Opened, Kind.FundingConfirmed, Kind.Closing, Kind.Closing, Kind.Closed], events.KindsOf(Id(cooperative)));
            Assert.Equal([Kind.Opened, Kind.FundingConfirmed, Kind.Closing, Kind.Closed], events.KindsOf(Id(forced)));
            Assert.Equal([Kind.Opened, Kind.FundingConfirmed, Kind.BreachDetected, Kind.Closing, Kind.PenaltyConfirmed, Kind.Closed], events.KindsOf(Id(cheat)));
            foreach (var meter in meters)
            {
                Assert.Equal(ChannelState.Closed, (await admin.GetChannelAsync(new GetChannelRequest { MeterNodeId = Id(meter) })).State);
            }

            output.WriteLine($"{kind}: mutual {mutual.ClosingTxid} fee {closingFee}; force {force.ClosingTxid} swept by {sweep.GetTxId()} fee {sweepFee}; " +
                $"revoked {revoked.GetTxId()} punished by {penalty.GetTxId()} fee {penaltyFee}: {punished} of {Capacity.Value} sat ours");
        }
        catch
        {
            output.WriteLine(string.Join('\n', daemon.Output.Split('\n').TakeLast(60)));
            throw;
        }
        finally
        {
            await daemon.DisposeAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static string Id(TestMeter meter) => meter.NodeKey.PublicKey.ToString();

    private static Satoshis Sum(IEnumerable<TxOut> outputs) => outputs.Aggregate(Satoshis.Zero, (sum, o) => sum + o.Value);

    private static async Task<Transaction> WaitInMempoolAsync(TestChain chain, string txid)
    {
        var id = TxId.Parse(txid);
        await Eventually.TrueAsync(() => chain.InMempoolAsync(id), $"transaction {txid} in the mempool");
        return await chain.TransactionAsync(id);
    }

    private static async Task<Transaction?> FindSpenderInMempoolAsync(TestChain chain, OutPoint spent)
    {
        foreach (var txId in await chain.Rpc.GetRawMempoolAsync())
        {
            var transaction = await chain.TransactionAsync(txId);
            if (transaction.Inputs.Any(i => i.PrevOut == spent))
            {
                return transaction;
            }
        }

        return null;
    }

    private static async Task<List<Transfer>> ReadTransfersAsync(ProviderService.ProviderServiceClient client, int count)
    {
        var transfers = new List<Transfer>();
        using var stream = client.SubscribeTransfers(new SubscribeTransfersRequest(), deadline: DateTime.UtcNow.AddSeconds(60));
        while (transfers.Count < count && await stream.ResponseStream.MoveNext(CancellationToken.None))
        {
            transfers.Add(stream.ResponseStream.Current);
        }

        return transfers;
    }
}
