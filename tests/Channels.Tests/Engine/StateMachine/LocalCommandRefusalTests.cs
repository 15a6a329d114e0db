using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Engine.OnChain;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Tests.Engine.OnChain;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.StateMachine;

/// <summary>
/// Issue 14 item 2: a local command the channel's state does not allow is refused with a
/// typed reason (<see cref="ChannelAction.CommandRejected"/>), changes nothing, and the
/// channel goes on watching the chain: a revoked commitment is still punished afterwards.
/// "Us" is the provider, the side that did not open the channel (so never may send update_fee).
/// </summary>
public class LocalCommandRefusalTests
{
    private static readonly ClosingFeerates Feerates = ClosingFeerates.Around(new FeeratePerKw(500));

    public static TheoryData<string, string> Refusals()
    {
        var data = new TheoryData<string, string>();
        foreach (var (state, commands) in Table)
        {
            foreach (var command in commands)
            {
                data.Add(state, command);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_local_command_in_a_state_that_does_not_allow_it_is_refused_and_changes_nothing(string stateName, string commandName)
    {
        using var world = new World();
        var state = world.State(stateName);
        var command = world.Command(commandName);

        var step = ChannelStateMachine.Process(state, command, world.Side.OurSigner);

        Assert.Same(state, step.State);
        var rejected = Assert.IsType<ChannelAction.CommandRejected>(Assert.Single(step.Actions));
        Assert.Same(command, rejected.Command);
        Assert.False(rejected.Reason.FailsChannel);
        Assert.Equal(state.ChannelId, rejected.Reason.ChannelId);

        // Still watching: the cheater's revoked commitment is punished from the same state.
        if (stateName is not ("Closed" or "Opening" or "OpeningAborted"))
        {
            var spent = ChannelStateMachine.Process(step.State, new ChannelInput.FundingSpent(world.Revoked), world.Side.OurSigner);
            var closing = Assert.IsType<ChannelState.ClosingOnChain>(spent.State);
            Assert.Equal(FundingSpendKind.RevokedRemoteCommitment, closing.Close.Kind);
            Assert.Contains(spent.Actions, a => a is ChannelAction.BroadcastTransaction b && b.Transaction == closing.Close.Claim);
        }
    }

    [Fact]
    public void Update_fee_queued_while_disconnected_by_the_non_opener_is_refused_at_once_not_at_reestablish()
    {
        using var world = new World();
        var normal = world.Side.Normal();
        var step = ChannelStateMachine.Process(normal, new ChannelInput.UpdateFee(new FeeratePerKw(1_000)), world.Side.OurSigner);
        var rejected = Assert.IsType<ChannelAction.CommandRejected>(Assert.Single(step.Actions));
        Assert.IsType<FeeUpdateNotAllowedException>(rejected.Reason);
        Assert.Empty(((ChannelState.Normal)step.State).Unsent);
    }

    [Fact]
    public void Commitments_refuse_update_fee_from_the_non_opener_with_the_typed_error()
    {
        using var world = new World();
        var refused = Assert.Throws<FeeUpdateNotAllowedException>(() => world.Side.Us.SendFee(new FeeratePerKw(1_000)));
        Assert.False(refused.FailsChannel);
    }

    /// <summary>Every state, with each local command it does not allow.</summary>
    private static readonly (string State, string[] Commands)[] Table =
    [
        ("NormalDisconnected", ["UpdateFee", "CooperativeClose"]),
        ("NormalAwaitingReestablish", ["UpdateFee", "CooperativeClose"]),
        ("NormalConnected", ["UpdateFee"]),
        ("ShuttingDown", ["SendTransfer", "UpdateFee", "CooperativeClose"]),
        ("Negotiating", ["SendTransfer", "UpdateFee", "CooperativeClose"]),
        ("ForceClosing", ["SendTransfer", "UpdateFee", "CooperativeClose", "ForceClose"]),
        ("WaitingForRemoteClose", ["SendTransfer", "UpdateFee", "CooperativeClose", "ForceClose"]),
        ("MutualClose", ["SendTransfer", "UpdateFee", "CooperativeClose", "ForceClose"]),
        ("ClosingOnChain", ["SendTransfer", "UpdateFee", "CooperativeClose", "ForceClose"]),
        ("Closed", ["SendTransfer", "UpdateFee", "CooperativeClose", "ForceClose"]),
        ("Opening", ["SendTransfer", "UpdateFee", "CooperativeClose"]),
        ("OpeningAborted", ["SendTransfer", "UpdateFee", "CooperativeClose", "ForceClose"]),
    ];

    /// <summary>A streamed channel seen from the provider, and a meter commitment revoked since.</summary>
    private sealed class World : IDisposable
    {
        private readonly ChannelPair _pair;

        public World()
        {
            _pair = OnChainScenario.Streamed();
            Side = new OnChainSide(_pair, IsMeter: false);
            Revoked = Side.PeerCommitment();
            _pair.MeterPays(7_000_000);
            _pair.Settle();
        }

        public OnChainSide Side { get; }

        public Transaction Revoked { get; }

        public ChannelInput Command(string name) => name switch
        {
            "SendTransfer" => new ChannelInput.SendTransfer(new MilliSatoshis(1_000), _pair.NextReading()),
            "UpdateFee" => new ChannelInput.UpdateFee(new FeeratePerKw(1_000)),
            "CooperativeClose" => new ChannelInput.CooperativeClose(null, Feerates),
            "ForceClose" => new ChannelInput.ForceClose("operator"),
            _ => throw new ArgumentException(name, nameof(name)),
        };

        public ChannelState State(string name)
        {
            var us = Side.Us;
            var script = new ByteVector(Microchannels.Bitcoin.Scripts.StandardScripts.PayToWitnessPubKeyHashFromPublicKey(Side.OurSigner.Basepoints.PaymentBasepoint.AsSpan()).AsSpan());
            var remoteScript = new ByteVector(Microchannels.Bitcoin.Scripts.StandardScripts.PayToWitnessPubKeyHashFromPublicKey(Side.PeerSigner.Basepoints.PaymentBasepoint.AsSpan()).AsSpan());
            var shutdown = new ShuttingDown(us, ShutdownTerms.Default, script, LocalShutdownSent: true, RemoteScript: null);
            switch (name)
            {
                case "NormalDisconnected":
                    return Side.Normal();
                case "NormalAwaitingReestablish":
                    return Side.Normal() with { Connection = ConnectionPhase.AwaitingReestablish };
                case "NormalConnected":
                    return Side.Normal() with { Connection = ConnectionPhase.Connected };
                case "ShuttingDown":
                    return new ChannelState.ShuttingDown(shutdown, Feerates, ConnectionPhase.Connected);
                case "Negotiating":
                    var (negotiating, _) = Negotiating.Begin(shutdown with { RemoteScript = remoteScript }, Side.OurSigner, Feerates);
                    return new ChannelState.Negotiating(negotiating, Feerates, ConnectionPhase.Connected);
                case "ForceClosing":
                    return new ChannelState.ForceClosing(us, Side.OurCommitment(), "test");
                case "WaitingForRemoteClose":
                    return new ChannelState.WaitingForRemoteClose(us);
                case "MutualClose":
                    return new ChannelState.MutualClose(us, new Transaction(2, [new TxIn(us.Parameters.FundingOutPoint, TxIn.SequenceFinal)], [new TxOut(new Satoshis(900_000), new Microchannels.Bitcoin.Scripts.Script(script.Span))], 0));
                case "ClosingOnChain":
                    // The meter broadcast its latest commitment: nothing to punish yet, and a later
                    // report of its revoked one (a reorg) is resolved afresh.
                    return ChannelStateMachine.Process(Side.Normal(), new ChannelInput.FundingSpent(Side.PeerCommitment()), Side.OurSigner).State;
                case "Closed":
                    var onChain = (ChannelState.ClosingOnChain)State("ClosingOnChain");
                    return new ChannelState.Closed(onChain.Commitments, onChain.Close);
                case "Opening":
                    using (var machines = new OpeningMachines())
                    {
                        return machines.Meter.State;
                    }

                case "OpeningAborted":
                    return new ChannelState.OpeningAborted(us.ChannelId, "test");
                default:
                    throw new ArgumentException(name, nameof(name));
            }
        }

        public void Dispose() => _pair.Dispose();
    }
}
