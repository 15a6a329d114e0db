using System.Globalization;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Wire;
using Microchannels.Settlement.Broadcasting;
using Microchannels.Settlement.Monitoring;
using Microchannels.Settlement.Regtest;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Tests.Regtest;
using Microchannels.Settlement.Wallet;
using Xunit.Abstractions;

namespace Microchannels.Settlement.Tests.Closing;

/// <summary>
/// The host of a meter channel against a real bitcoind in regtest (DESIGN.md "Rooms": a
/// host wires Channels and Settlement together): it feeds both sides' engines, delivers
/// their messages to each other through the wire codec, passes every transaction the
/// engine asks to broadcast through <c>testmempoolaccept</c> (which must allow it) and then
/// <see cref="BitcoindTransactionBroadcaster"/>, and turns each side's
/// <see cref="ChannelChainMonitor"/> events into the engine's chain inputs.
/// </summary>
internal sealed partial class RegtestChannelHost : IAsyncDisposable
{
    private readonly Queue<LightningMessage> _toMeter = new();
    private readonly Queue<LightningMessage> _toProvider = new();
    private readonly HashSet<TxId> _broadcast = [];
    private readonly List<TxId> _confirmed = [];
    private readonly Dictionary<TxId, MempoolAcceptResult> _accepted = [];
    private readonly List<(TxId TxId, string Reason)> _refused = [];
    private readonly ITestOutputHelper _output;
    private readonly string _path;
    private ulong _wattHours;
    private ulong _clock = 1_800_000_000;

    private RegtestChannelHost(string path, ITestOutputHelper output, TestChain node, MeterWallet wallet)
    {
        _path = path;
        _output = output;
        Node = node;
        Wallet = wallet;
        FundingWallet = new MeterFundingWallet(wallet);
        Broadcaster = new BitcoindTransactionBroadcaster(node.Rpc);
        Meter = new HostSide("meter", Enumerable.Repeat((byte)0x42, 32).ToArray());
        Provider = new HostSide("provider", Enumerable.Repeat((byte)0x24, 32).ToArray());
        ReadingKey = PrivateKey.FromBytes(Hashes.Sha256("regtest meter reading key"u8));
    }

    public TestChain Node { get; }

    public MeterWallet Wallet { get; }

    /// <summary>The meter's wallet as the engine asks it for the funding transaction.</summary>
    public MeterFundingWallet FundingWallet { get; }

    public BitcoindTransactionBroadcaster Broadcaster { get; }

    /// <summary>The opener and funder.</summary>
    public HostSide Meter { get; }

    /// <summary>The accepter.</summary>
    public HostSide Provider { get; }

    public PrivateKey ReadingKey { get; }

    /// <summary>The meter's balance as the transfers asked for it, to compare with the engine's.</summary>
    public MilliSatoshis ExpectedMeterBalance { get; private set; }

    public MilliSatoshis ExpectedProviderBalance => MilliSatoshis.FromSatoshis((ulong)Capacity.Value) - ExpectedMeterBalance;

    /// <summary>Every closing_signed delivered, in order.</summary>
    public List<ClosingSigned> ClosingSignedDelivered { get; } = [];

    /// <summary>bitcoind's fee for a transaction the host broadcast (testmempoolaccept's "fees.base").</summary>
    public Satoshis FeeOf(TxId txId) => _accepted[txId].BaseFee ?? throw new InvalidOperationException($"No fee known for {txId}.");

    /// <summary>
    /// False (the default): every transaction the engine asks to broadcast must pass
    /// <c>testmempoolaccept</c>. True: a refused one is recorded in <see cref="Refused"/> and not
    /// sent, as a real node would refuse it, and the engine is left to do better next block.
    /// </summary>
    public bool RefusalsAllowed { get; set; }

    /// <summary>Broadcasts the node refused (when <see cref="RefusalsAllowed"/>), with its reason, in order.</summary>
    public IReadOnlyList<(TxId TxId, string Reason)> Refused => _refused;

    /// <summary>Transactions the monitors reported confirmed, in the order first seen.</summary>
    public IReadOnlyList<TxId> Confirmed => _confirmed;

    public void MeterPays(ulong msat)
    {
        Transfer(Meter, msat);
        ExpectedMeterBalance -= new MilliSatoshis(msat);
    }

    public void ProviderPays(ulong msat)
    {
        Transfer(Provider, msat);
        ExpectedMeterBalance += new MilliSatoshis(msat);
    }

    /// <summary>Performs both sides' actions and delivers their messages until both are quiet.</summary>
    public async Task PumpAsync()
    {
        while (true)
        {
            bool acted = await RunActionsAsync(Meter, _toProvider) | await RunActionsAsync(Provider, _toMeter);
            if (_toProvider.TryDequeue(out var forProvider))
            {
                Deliver(Provider, forProvider);
            }
            else if (_toMeter.TryDequeue(out var forMeter))
            {
                Deliver(Meter, forMeter);
            }
            else if (!acted)
            {
                return;
            }
        }
    }

    /// <summary>Mines <paramref name="blocks"/> blocks, then lets both sides see them and act.</summary>
    public async Task MineAsync(int blocks)
    {
        await Node.MineAsync(blocks);
        await SeeChainAsync();
    }

    /// <summary>
    /// Mines one block holding exactly <paramref name="transactions"/>, whatever the mempool's
    /// relay fee (generateblock), then lets both sides see it and act.
    /// </summary>
    public async Task MineWithAsync(params Transaction[] transactions)
    {
        string miner = (await Node.Rpc.GetNewAddressAsync()).ToString();
        await Watching.RegtestChainControl.GenerateBlockWithAsync(Node.Rpc, miner, transactions);
        await SeeChainAsync();
    }

    /// <summary>
    /// Both sides poll their monitors; every event becomes an engine input (a funding spend with
    /// the side's claim pricing), then, for a side that prices its claims, the new tip as
    /// <see cref="ChannelInput.BlockConnected"/>, as a host's chain follower delivers them; then the
    /// actions run.
    /// </summary>
    public async Task SeeChainAsync()
    {
        uint height = checked((uint)await Node.Rpc.GetBlockCountAsync());
        foreach (var side in new[] { Meter, Provider })
        {
            foreach (var chainEvent in await side.Monitor.PollAsync())
            {
                Record(chainEvent);
                if (side.State is not null && side.Honest && await side.ChainInputs.ToInputAsync(chainEvent) is { } input)
                {
                    side.Input(input is ChannelInput.FundingSpent spent ? spent with { Pricing = side.Pricing } : input);
                }
            }

            // Only a side whose host prices claims hears blocks: the other tests read their inputs as they were.
            if (side.State is not null && side.Honest && side.Pricing is not null)
            {
                side.Input(new ChannelInput.BlockConnected(height, side.Pricing));
            }
        }

        await PumpAsync();
    }

    /// <summary>
    /// Broadcasts as the host does for the engine: new transactions must pass
    /// <c>testmempoolaccept</c> first; one broadcast before (the peer's copy of the same
    /// closing transaction, a repeated request) goes straight to the broadcaster, which must
    /// take it as already done.
    /// </summary>
    public async Task BroadcastAsync(HostSide side, Transaction transaction, string reason)
    {
        TxId txId = transaction.GetTxId();

        // The funding itself is followed from the engine's WatchFunding, which comes after its broadcast.
        if (txId != FundingOutPoint.TxId)
        {
            side.Monitor.WatchTransaction(FundingOutPoint, txId);
        }

        if (!_broadcast.Contains(txId))
        {
            MempoolAcceptResult accept = Assert.Single(await Node.Rpc.TestMempoolAcceptAsync([transaction]));
            if (accept.Allowed != true && RefusalsAllowed)
            {
                _refused.Add((txId, accept.RejectReason ?? ""));
                _output.WriteLine($"{side.Name} broadcast {reason}: {txId} REFUSED: {accept.RejectReason} {accept.RejectDetails}");
                return;
            }

            Assert.True(accept.Allowed, $"{side.Name}'s {reason} {txId} was refused by testmempoolaccept: {accept.RejectReason} {accept.RejectDetails}");
            _broadcast.Add(txId);
            _accepted[txId] = accept;
            Assert.Equal(BroadcastOutcome.InMempool, await Broadcaster.SendAsync(transaction));
            _output.WriteLine($"{side.Name} broadcast {reason}: {txId} (fee {accept.BaseFee}, vsize {accept.VirtualSize})");
        }
        else
        {
            Assert.Contains(await Broadcaster.SendAsync(transaction), new[] { BroadcastOutcome.InMempool, BroadcastOutcome.AlreadyConfirmed });
            _output.WriteLine($"{side.Name} broadcast {reason} again: {txId}");
        }
    }

    /// <summary>The value and script of an output on the best chain, from bitcoind (gettxout): it must be unspent.</summary>
    public async Task<TxOut> ChainOutputAsync(OutPoint outPoint)
    {
        TxOutInfo info = await Node.Rpc.GetTxOutAsync(outPoint, includeMempool: false)
            ?? throw new InvalidOperationException($"{outPoint} is not an unspent confirmed output.");
        return new TxOut(info.Value, info.ScriptPubKey);
    }

    /// <summary>Prints the confirmed txids and bitcoind's version, and the line the lead greps.</summary>
    public void Report()
    {
        string version = Node.NetworkInfo.Subversion;
        _output.WriteLine(Node.Description);
        foreach (var txId in _confirmed)
        {
            _output.WriteLine($"confirmed {txId}");
        }

        _output.WriteLine($"REGTEST-PATH {_path} chain={Node.Name} version={version} txids={string.Join(',', _confirmed)}");
    }

    public async ValueTask DisposeAsync()
    {
        Meter.Dispose();
        Provider.Dispose();
        ReadingKey.Dispose();
        Wallet.Dispose();
        await Node.DisposeAsync();
    }

    private void Record(ChannelChainEvent chainEvent)
    {
        if (chainEvent is ChannelChainEvent.TransactionConfirmed confirmed && !_confirmed.Contains(confirmed.TxId))
        {
            _confirmed.Add(confirmed.TxId);
        }
    }

    private async Task<bool> RunActionsAsync(HostSide side, Queue<LightningMessage> toPeer)
    {
        bool acted = false;
        while (side.HasPendingActions)
        {
            acted = true;
            switch (side.TakeAction())
            {
                case ChannelAction.SendMessage send:
                    // Through the real codec, as on the wire.
                    toPeer.Enqueue(MessageCodec.Decode(MessageCodec.Encode(send.Message)).Message);
                    break;
                case ChannelAction.BroadcastTransaction broadcast:
                    await BroadcastAsync(side, broadcast.Transaction, broadcast.Reason);
                    break;
                case ChannelAction.CreateFundingTransaction create:
                    await CreateFundingAsync(side, create);
                    break;
                case ChannelAction.WatchFunding watch:
                    Watch(side, watch);
                    break;
            }
        }

        return acted;
    }

    private void Deliver(HostSide side, LightningMessage message)
    {
        if (message is ClosingSigned closingSigned)
        {
            ClosingSignedDelivered.Add(closingSigned);
        }

        if (side.State is null && message is OpenChannel open)
        {
            Accept(side, open);
            return;
        }

        side.Input(new ChannelInput.PeerMessage(message));
    }

    /// <summary>Asks <paramref name="payer"/>'s engine for a transfer, which it must accept.</summary>
    private void Transfer(HostSide payer, ulong msat)
    {
        var step = payer.Input(new ChannelInput.SendTransfer(new MilliSatoshis(msat), NextReading()));
        var refused = step.Actions.OfType<ChannelAction.CommandRejected>().FirstOrDefault();
        Assert.True(refused is null, $"{payer.Name} refused to pay {msat} msat: {refused?.Reason.Message}");
    }

    private SignedMeterReading NextReading()
    {
        _wattHours += 3;
        _clock += 5;
        var reading = new MeterReading(_wattHours, _wattHours * 10, _clock);
        return new SignedMeterReading(reading, new CompactSignature(ReadingKey.Sign(reading.SigningHash().AsSpan()).ToCompact()));
    }
}
