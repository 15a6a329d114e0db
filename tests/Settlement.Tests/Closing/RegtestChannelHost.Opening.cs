using System.Security.Cryptography;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Addresses;
using Microchannels.Bitcoin.Chain;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.Persistence;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Wire;
using Microchannels.Hosting.Chain;
using Microchannels.Settlement.Fees;
using Microchannels.Settlement.Monitoring;
using Microchannels.Settlement.Regtest;
using Microchannels.Settlement.Tests.Hosting;
using Microchannels.Settlement.Tests.Regtest;
using Microchannels.Settlement.Wallet;
using Microchannels.Settlement.Watching;
using Xunit.Abstractions;

namespace Microchannels.Settlement.Tests.Closing;

/// <summary>
/// The opening: BOLT 2 "Channel Establishment v1" through <see cref="ChannelStateMachine"/>,
/// the host serving its actions: the funding transaction from the meter's wallet
/// (<see cref="MeterFundingWallet"/>), the funding broadcast, the watch on the funding output,
/// and the funding's confirmations reported by each side's monitor.
/// </summary>
internal sealed partial class RegtestChannelHost
{
    public static readonly Satoshis Capacity = new(1_000_000);

    /// <summary>What the node's wallet pays the meter wallet before the opening.</summary>
    public static readonly Satoshis WalletDeposit = new(1_500_000);

    /// <summary>open_channel's feerate_per_kw; the engine asks the wallet to fund at it too.</summary>
    public static readonly FeeratePerKw CommitmentFeerate = new(2_500);

    /// <summary>The to_self_delay the provider imposes on the meter's to_local (sent in accept_channel).</summary>
    public const ushort MeterToSelfDelay = 7;

    /// <summary>The to_self_delay the meter imposes on the provider's to_local (sent in open_channel); differs on purpose.</summary>
    public const ushort ProviderToSelfDelay = 5;

    public const uint MinimumDepth = 3;

    private static readonly ChannelAcceptancePolicy MeterPolicy = ChannelAcceptancePolicy.Default with { ToSelfDelay = ProviderToSelfDelay, MinimumDepth = MinimumDepth };

    private static readonly ChannelAcceptancePolicy ProviderPolicy = ChannelAcceptancePolicy.Default with { ToSelfDelay = MeterToSelfDelay, MinimumDepth = MinimumDepth };

    /// <summary>What the meter's wallet built when the engine asked for the funding transaction.</summary>
    public FundingTransaction Funding { get; private set; } = null!;

    public OutPoint FundingOutPoint => Funding.FundingOutPoint;

    /// <summary>The meter wallet's balance after the deposit, before funding.</summary>
    public Satoshis WalletBalanceBeforeFunding { get; private set; }

    /// <summary>Starts the chain (<paramref name="chain"/>), funds the meter wallet and opens a channel of <see cref="Capacity"/> from it, confirmed at <see cref="MinimumDepth"/>.</summary>
    public static async Task<RegtestChannelHost> OpenAsync(RegtestChainKind chain, string path, ITestOutputHelper output)
    {
        RegtestChannelHost host = await FundAsync(chain, path, output);
        try
        {
            await host.ConfirmFundingAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the chain (<paramref name="chain"/>), funds the meter wallet and runs the opening up to funding_signed: both
    /// sides stored the channel and the funding transaction is in the mempool, unconfirmed.
    /// </summary>
    public static async Task<RegtestChannelHost> FundAsync(RegtestChainKind chain, string path, ITestOutputHelper output)
    {
        TestChain node = await TestChain.StartAsync(chain);
        var host = new RegtestChannelHost(path, output, node, new MeterWallet(RandomNumberGenerator.GetBytes(WalletKeyDerivation.SeedSize), Network.Regtest));
        try
        {
            await host.FundChannelAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Mines <see cref="MinimumDepth"/> blocks: at the last one both sides exchange channel_ready and the channel is open.</summary>
    public async Task ConfirmFundingAsync()
    {
        // One block short of minimum_depth nobody sends channel_ready (BOLT 2 "The channel_ready Message").
        await MineAsync((int)MinimumDepth - 1);
        Assert.False(SentChannelReady(Meter) || SentChannelReady(Provider), "channel_ready was sent below minimum_depth");

        await MineAsync(1);
        foreach (var side in new[] { Meter, Provider })
        {
            AssertOpened(side);
        }

        Assert.Equal(Meter.Commitments.LocalCommit.Spec, Provider.Commitments.RemoteCommit.Spec);
        Assert.Equal(Provider.Commitments.LocalCommit.Spec, Meter.Commitments.RemoteCommit.Spec);
        ExpectedMeterBalance = MilliSatoshis.FromSatoshis((ulong)Capacity.Value);
        Assert.Equal(ExpectedMeterBalance, Meter.Commitments.LocalCommit.Spec.ToLocal);
        _output.WriteLine($"channel {Meter.Commitments.ChannelId} open at {FundingOutPoint}, depth {Meter.Monitor.GetDepth(Funding.TxId)}, funding fee {Funding.Fee} at {CommitmentFeerate}");
    }

    /// <summary>Whether <paramref name="side"/>'s engine sent channel_ready.</summary>
    public static bool SentChannelReady(HostSide side) =>
        side.OpeningActions.Any(action => action is ChannelAction.SendMessage { Message: ChannelReady });

    private async Task FundChannelAsync()
    {
        await Node.FundAddressAsync(Wallet.GetNewAddress().ToString(), WalletDeposit);
        await Wallet.RescanAsync(Node.Rpc, 0);
        WalletBalanceBeforeFunding = Wallet.Balance;
        Assert.Equal(WalletDeposit, WalletBalanceBeforeFunding);

        // Both monitors start below the funding broadcast, so the watch the engine asks for
        // later still sees every block that could hold the funding.
        int tip = await Node.Rpc.GetBlockCountAsync();
        foreach (var side in new[] { Meter, Provider })
        {
            side.Monitor = new ChannelChainMonitor(new BitcoindBlockSource(Node.Rpc), tip + 1);
            side.ChainInputs = new ChainEventInputs(FetchConfirmedAsync);
        }

        // BOLT 2 "The open_channel Message": the meter, funder, sends it once connected; the
        // provider answers it with a new channel (Deliver -> Accept), and the messages go back
        // and forth through the wire codec until funding_signed and the funding broadcast.
        // The commitment feerate comes through the chain interface; regtest has no fee data,
        // so it is the configured fallback (issue #6 "Fees").
        IFeerateEstimator estimator = new FeeEstimator(Node.Rpc, CommitmentFeerate);
        FeeratePerKw feerate = await estimator.EstimateFeerateAsync(6, CancellationToken.None);
        Assert.Equal(CommitmentFeerate, feerate);

        var temporaryChannelId = new ChannelId(RandomNumberGenerator.GetBytes(32));
        Meter.Start(ChannelStep.Unchanged(ChannelStateMachine.Open(
            temporaryChannelId, Capacity, MilliSatoshis.Zero, feerate, ReadingKey.PublicKey, Meter.Signer, MeterPolicy)));
        Meter.Input(new ChannelInput.Connected());
        await PumpAsync();

        Assert.Equal(Funding.Transaction, Assert.Single(Meter.OpeningActions.OfType<ChannelAction.BroadcastTransaction>()).Transaction);
        Assert.Contains(Funding.TxId, await Node.Rpc.GetRawMempoolAsync());
        foreach (var side in new[] { Meter, Provider })
        {
            Assert.True(side.State is ChannelState.Opening { IsDurable: true }, $"{side.Name} is in {side.State?.GetType().Name} after funding_signed");
            Assert.Single(side.OpeningActions.OfType<ChannelAction.WatchFunding>());
        }
    }

    /// <summary>
    /// The side reached <see cref="ChannelState.Normal"/> at <see cref="MinimumDepth"/>, stored
    /// it, said so with <see cref="ChannelAction.ChannelEstablished"/>, and stored before each
    /// message or broadcast that commits it (DESIGN.md decision 4): funding_signed, the
    /// funding broadcast, channel_ready. Before commitment 0 is signed both ways it stored
    /// nothing (BOLT 2 "Message Retransmission": "SHOULD NOT remember the channel").
    /// </summary>
    private void AssertOpened(HostSide side)
    {
        var normal = Assert.IsType<ChannelState.Normal>(side.State);
        Assert.Equal(CommitmentsCodec.Encode(normal.Commitments), CommitmentsCodec.Encode(Assert.IsType<ChannelState.Normal>(side.Persisted).Commitments));
        Assert.Equal(new ChannelAction.ChannelEstablished(normal.ChannelId, FundingOutPoint), side.Established);
        Assert.Equal(ChannelIdDerivation.V1(FundingOutPoint), normal.ChannelId);
        Assert.Equal((int)MinimumDepth, side.Monitor.GetDepth(Funding.TxId));
        Assert.DoesNotContain(side.OpeningActions, action => action is ChannelAction.ChannelFailed or ChannelAction.CommandRejected);

        List<ChannelAction> log = side.OpeningActions;
        for (int i = 0; i < log.Count; i++)
        {
            switch (log[i])
            {
                case ChannelAction.SendMessage { Message: FundingSigned or ChannelReady }:
                case ChannelAction.BroadcastTransaction:
                    // The watch request may sit between them: it sends nothing.
                    var persist = Assert.IsType<ChannelAction.PersistState>(log.Take(i).Last(action => action is not ChannelAction.WatchFunding));
                    Assert.True(persist.State is ChannelState.Opening { IsDurable: true } or ChannelState.Normal, $"{side.Name} stored {persist.State.GetType().Name} before {log[i]}");
                    break;
                case ChannelAction.SendMessage { Message: OpenChannel or AcceptChannel or FundingCreated }:
                    Assert.DoesNotContain(log.Take(i), action => action is ChannelAction.PersistState);
                    break;
            }
        }

        Assert.Single(log, action => action is ChannelAction.SendMessage { Message: ChannelReady });
    }

    /// <summary>The first message of a new channel on the connection: the provider's engine answers it.</summary>
    private static void Accept(HostSide side, OpenChannel open)
    {
        side.Start(ChannelStateMachine.Accept(open, ProviderPolicy, side.Signer));
        side.Input(new ChannelInput.Connected());
    }

    /// <summary>The engine's CreateFundingTransaction, served by the meter's wallet; the transaction goes back unbroadcast.</summary>
    private async Task CreateFundingAsync(HostSide side, ChannelAction.CreateFundingTransaction create)
    {
        Assert.Same(Meter, side);
        Assert.Equal(Capacity, create.Amount);
        Transaction transaction = await FundingWallet.CreateFundingTransactionAsync(create.FundingScriptPubKey, create.Amount, create.Feerate, CancellationToken.None);
        Assert.True(FundingWallet.TryGetCreated(transaction.GetTxId(), out FundingTransaction? built));
        Funding = built;
        side.Input(new ChannelInput.FundingTransactionCreated(transaction));
    }

    /// <summary>The engine's WatchFunding: this side's monitor follows the funding output from now on.</summary>
    private void Watch(HostSide side, ChannelAction.WatchFunding watch)
    {
        Assert.Equal(FundingOutPoint, watch.FundingOutPoint);
        Assert.Equal(MinimumDepth, watch.MinimumDepth);
        side.Monitor.WatchChannel(watch.FundingOutPoint);
    }

    /// <summary>A transaction the monitor saw in a block, as bitcoind holds it in that block.</summary>
    private async Task<Transaction> FetchConfirmedAsync(ChannelChainEvent.TransactionConfirmed confirmed) =>
        await Node.Rpc.GetRawTransactionAsync(confirmed.TxId, await Node.Rpc.GetBlockHashAsync(confirmed.Height));
}
