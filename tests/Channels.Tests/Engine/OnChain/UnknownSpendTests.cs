using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.OnChain;
using Microchannels.Channels.Engine.OnChain.Errors;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Tests.Engine.StateMachine;

namespace Microchannels.Channels.Tests.Engine.OnChain;

/// <summary>
/// BOLT 5 "General Requirements": a spend that is none of the known closes "MUST warn the
/// user of potentially lost funds". The state is kept; nothing is stored or broadcast.
/// </summary>
public class UnknownSpendTests
{
    public static TheoryData<string> Spends => ["other outputs", "another outpoint", "two inputs", "our own revoked commitment", "a known number under another txid"];

    [Theory]
    [MemberData(nameof(Spends))]
    public void An_unknown_spend_is_a_typed_warning_and_changes_nothing(string kind)
    {
        using var pair = OnChainScenario.Streamed();
        var side = new OnChainSide(pair, IsMeter: true);
        var ourOld = side.OurCommitment(); // revoked by the transfers below
        pair.MeterPays(5_000_000);
        pair.Settle();
        var peerLatest = side.PeerCommitment();
        var funding = side.Us.Parameters.FundingOutPoint;
        var spending = kind switch
        {
            "other outputs" => new Transaction(2, [new TxIn(funding, Script.Empty, 0xFFFFFFFF, Witness.Empty)], [new TxOut(new Satoshis(999_000), StandardScripts.PayToWitnessPubKeyHash(new byte[20]))], 0),
            "another outpoint" => peerLatest with { Inputs = [peerLatest.Inputs[0] with { PrevOut = new OutPoint(funding.TxId, 1) }] },
            "two inputs" => peerLatest with { Inputs = [peerLatest.Inputs[0], new TxIn(new OutPoint(funding.TxId, 7), Script.Empty, 0, Witness.Empty)] },
            "our own revoked commitment" => ourOld,
            _ => peerLatest with { Outputs = [.. peerLatest.Outputs.Select(o => o with { Value = o.Value - new Satoshis(1) })] },
        };

        var state = side.Normal();
        var step = side.Spend(state, spending);

        Assert.Same(state, step.State);
        var warning = Assert.IsType<ChannelAction.OnChainWarning>(Assert.Single(step.Actions));
        var reason = Assert.IsType<UnknownFundingSpendException>(warning.Reason);
        Assert.Equal(spending.GetTxId(), reason.TxId);
        Assert.False(reason.FailsChannel);
    }

    [Fact]
    public void While_closing_on_chain_an_unknown_replacement_is_a_warning_too()
    {
        using var pair = OnChainScenario.Streamed();
        var side = new OnChainSide(pair, IsMeter: false);
        var state = side.Spend(side.PeerCommitment()).State;
        var rogue = new Transaction(2, [new TxIn(side.Us.Parameters.FundingOutPoint, Script.Empty, 0, Witness.Empty)], [new TxOut(new Satoshis(5), Script.Empty)], 0);

        var step = side.Spend(state, rogue);
        Assert.Same(state, step.State);
        Assert.IsType<UnknownFundingSpendException>(Assert.IsType<ChannelAction.OnChainWarning>(Assert.Single(step.Actions)).Reason);
    }

    [Fact]
    public void Commands_while_closing_on_chain_are_refused_and_peer_messages_ignored()
    {
        using var pair = OnChainScenario.Streamed();
        var side = new OnChainSide(pair, IsMeter: true);
        var state = side.Spend(side.PeerCommitment()).State;

        var step = ChannelStateMachine.Process(state, new ChannelInput.ForceClose("again"), side.OurSigner);
        Assert.Same(state, step.State);
        Assert.IsType<ChannelAction.CommandRejected>(Assert.Single(step.Actions));
        Assert.Same(state, ChannelStateMachine.Process(state, new ChannelInput.Connected(), side.OurSigner).State);

        // A depth for a transaction that is not ours changes nothing.
        Assert.Same(state, ChannelStateMachine.Process(state, new ChannelInput.TransactionConfirmed(TxId.Zero, 5), side.OurSigner).State);
    }

    [Fact]
    public void A_mutual_close_seen_after_agreement_resolves_to_our_closing_output()
    {
        using var machines = CooperativeCloseTests.Streamed();
        machines.Meter.Input(new ChannelInput.CooperativeClose(null, ClosingFeerates.Around(new FeeratePerKw(500))));
        machines.Pump();
        var agreed = Assert.IsType<ChannelState.MutualClose>(machines.Meter.State);
        foreach (var machine in new[] { machines.Meter, machines.Provider })
        {
            var state = (ChannelState.MutualClose)machine.State;
            var step = ChannelStateMachine.Process(state, new ChannelInput.FundingSpent(agreed.ClosingTransaction), machine.Signer);

            var closing = Assert.IsType<ChannelState.ClosingOnChain>(step.State);
            Assert.Equal(FundingSpendKind.MutualClose, closing.Close.Kind);
            Assert.Empty(ClaimAssert.Broadcasts(step));
            var ours = StandardScripts.PayToWitnessPubKeyHashFromPublicKey(machine.Signer.Basepoints.PaymentBasepoint.AsSpan());
            var output = agreed.ClosingTransaction.Outputs.Single(o => o.ScriptPubKey == ours);
            Assert.Equal(output.Value, Assert.Single(closing.Close.OurOutputs).Amount);
        }
    }
}
