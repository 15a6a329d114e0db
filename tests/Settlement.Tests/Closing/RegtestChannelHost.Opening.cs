using System.Security.Cryptography;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Addresses;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Wire;
using Microchannels.Settlement.Monitoring;
using Microchannels.Settlement.Regtest;
using Microchannels.Settlement.Wallet;
using Microchannels.Settlement.Watching;
using Xunit.Abstractions;

namespace Microchannels.Settlement.Tests.Closing;

/// <summary>The opening: BOLT 2 "Channel Establishment v1" through the engine's pure opening functions, funded from a <see cref="MeterWallet"/>.</summary>
internal sealed partial class RegtestChannelHost
{
    public static readonly Satoshis Capacity = new(1_000_000);

    /// <summary>What the node's wallet pays the meter wallet before the opening.</summary>
    public static readonly Satoshis WalletDeposit = new(1_500_000);

    public static readonly FeeratePerKw CommitmentFeerate = new(2_500);

    public static readonly FeeratePerKw FundingFeerate = new(1_000);

    /// <summary>The to_self_delay the provider imposes on the meter's to_local (sent in accept_channel).</summary>
    public const ushort MeterToSelfDelay = 7;

    /// <summary>The to_self_delay the meter imposes on the provider's to_local (sent in open_channel); differs on purpose.</summary>
    public const ushort ProviderToSelfDelay = 5;

    public const uint MinimumDepth = 3;

    public FundingTransaction Funding { get; private set; } = null!;

    public OutPoint FundingOutPoint => Funding.FundingOutPoint;

    /// <summary>The meter wallet's balance after the deposit, before funding.</summary>
    public Satoshis WalletBalanceBeforeFunding { get; private set; }

    /// <summary>Starts bitcoind, funds the meter wallet and opens a channel of <see cref="Capacity"/> from it, confirmed at <see cref="MinimumDepth"/>.</summary>
    public static async Task<RegtestChannelHost> OpenAsync(string path, ITestOutputHelper output)
    {
        RegtestNode node = await RegtestNode.StartAsync();
        var host = new RegtestChannelHost(path, output, node, new MeterWallet(RandomNumberGenerator.GetBytes(WalletKeyDerivation.SeedSize), Network.Regtest));
        try
        {
            await host.OpenChannelAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task OpenChannelAsync()
    {
        await Node.FundAddressAsync(Wallet.GetNewAddress().ToString(), WalletDeposit);
        await Wallet.RescanAsync(Node.Rpc, 0);
        WalletBalanceBeforeFunding = Wallet.Balance;
        Assert.Equal(WalletDeposit, WalletBalanceBeforeFunding);

        var meterPolicy = ChannelAcceptancePolicy.Default with { ToSelfDelay = ProviderToSelfDelay, MinimumDepth = MinimumDepth };
        var providerPolicy = ChannelAcceptancePolicy.Default with { ToSelfDelay = MeterToSelfDelay, MinimumDepth = MinimumDepth };

        var (awaitingAccept, open) = ChannelEstablishment.OpenerStart(
            new ChannelId(RandomNumberGenerator.GetBytes(32)), Capacity, MilliSatoshis.Zero, CommitmentFeerate, ReadingKey.PublicKey, Meter.Signer, meterPolicy);
        var (awaitingCreated, accept) = ChannelEstablishment.AccepterReceiveOpenChannel(Wire(open), providerPolicy, Provider.Signer);
        var awaitingTransaction = awaitingAccept.ReceiveAcceptChannel(Wire(accept), meterPolicy);

        // BOLT 2: the funder builds the funding transaction but "MUST NOT broadcast" it before funding_signed.
        Funding = Wallet.BuildFundingTransaction(awaitingTransaction.FundingScriptPubKey, Capacity, FundingFeerate);
        var (awaitingSigned, created) = awaitingTransaction.FundingTransactionCreated(Funding.FundingOutPoint, Meter.Signer);
        var (providerConfirming, signed) = awaitingCreated.ReceiveFundingCreated(Wire(created), Provider.Signer);
        var meterConfirming = awaitingSigned.ReceiveFundingSigned(Wire(signed), Meter.Signer);

        int tip = await Node.Rpc.GetBlockCountAsync();
        Meter.Monitor = new ChannelChainMonitor(new BitcoindBlockSource(Node.Rpc), tip + 1);
        Provider.Monitor = new ChannelChainMonitor(new BitcoindBlockSource(Node.Rpc), tip + 1);
        Meter.Monitor.WatchChannel(FundingOutPoint);
        Provider.Monitor.WatchChannel(FundingOutPoint);
        await BroadcastAsync(Meter, Funding.Transaction, "funding");

        await Node.MineAsync((int)MinimumDepth);
        var meterDepth = await FundingDepthAsync(Meter);
        var providerDepth = await FundingDepthAsync(Provider);
        Assert.Equal(MinimumDepth, meterDepth);
        Assert.Equal(MinimumDepth, providerDepth);

        // The funder knows its output; the accepter reads it from the chain.
        var (meterNext, meterReady) = meterConfirming.FundingConfirmed(Funding.Transaction.Outputs[Funding.FundingOutputIndex], meterDepth, Meter.Signer);
        var (providerNext, providerReady) = providerConfirming.FundingConfirmed(await ChainOutputAsync(FundingOutPoint), providerDepth, Provider.Signer);
        Commitments meter = Assert.IsType<AwaitingChannelReady>(meterNext).ReceiveChannelReady(Wire(Assert.IsType<ChannelReady>(providerReady)));
        Commitments provider = Assert.IsType<AwaitingChannelReady>(providerNext).ReceiveChannelReady(Wire(Assert.IsType<ChannelReady>(meterReady)));

        Meter.State = new ChannelState.Normal(meter, ConnectionPhase.Connected, []);
        Provider.State = new ChannelState.Normal(provider, ConnectionPhase.Connected, []);
        ExpectedMeterBalance = MilliSatoshis.FromSatoshis((ulong)Capacity.Value);
        _output.WriteLine($"channel {meter.ChannelId} open at {FundingOutPoint}, depth {meterDepth}");
    }

    private async Task<uint> FundingDepthAsync(HostSide side)
    {
        uint depth = 0;
        foreach (var chainEvent in await side.Monitor.PollAsync())
        {
            Record(chainEvent);
            if (chainEvent is ChannelChainEvent.TransactionConfirmed confirmed && confirmed.TxId == Funding.TxId)
            {
                depth = confirmed.Depth;
            }
        }

        return depth;
    }

    /// <summary>A message as the peer receives it: encoded and decoded by the wire codec.</summary>
    private static T Wire<T>(T message)
        where T : LightningMessage =>
        Assert.IsType<T>(MessageCodec.Decode(MessageCodec.Encode(message)).Message);
}
