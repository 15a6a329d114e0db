using Microchannels.Bitcoin.Scripts;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Signing;
using Microchannels.Hosting.Chain;
using Microchannels.Settlement.Monitoring;

namespace Microchannels.Settlement.Tests.Closing;

/// <summary>
/// One party as a host runs it: the channel state, its signer, its own view of the chain
/// (<see cref="ChannelChainMonitor"/>) and the actions the engine asked for, performed in
/// order by <see cref="RegtestChannelHost"/>.
/// </summary>
internal sealed class HostSide : IDisposable
{
    private readonly Queue<ChannelAction> _pending = new();

    public HostSide(string name, byte[] seed)
    {
        Name = name;
        Signer = new InMemoryChannelSigner(ChannelSecrets.FromSeed(seed), null);
    }

    public string Name { get; }

    public InMemoryChannelSigner Signer { get; }

    /// <summary>Null until the opening starts (<see cref="Start"/>).</summary>
    public ChannelState? State { get; set; }

    /// <summary>The last state the engine asked to persist.</summary>
    public ChannelState? Persisted { get; private set; }

    public ChannelChainMonitor Monitor { get; set; } = null!;

    /// <summary>Turns <see cref="Monitor"/>'s events into this side's engine inputs.</summary>
    public ChainEventInputs ChainInputs { get; set; } = null!;

    /// <summary>
    /// Every action of the opening, up to and including <see cref="Established"/>, in the
    /// order performed. Those actions are not repeated in <see cref="Notifications"/> or
    /// <see cref="Broadcasts"/>, which describe the open channel.
    /// </summary>
    public List<ChannelAction> OpeningActions { get; } = [];

    /// <summary>The engine's word that both channel_ready messages were exchanged.</summary>
    public ChannelAction.ChannelEstablished? Established { get; private set; }

    /// <summary>Every notification the engine gave once open (rejections, failures, completed transfers).</summary>
    public List<ChannelAction> Notifications { get; } = [];

    /// <summary>Every transaction the engine asked to broadcast once open, with its reason, in order.</summary>
    public List<ChannelAction.BroadcastTransaction> Broadcasts { get; } = [];

    /// <summary>Where every output of ours goes when closing with no script given: P2WPKH of our payment_basepoint.</summary>
    public Script PaymentScript => StandardScripts.PayToWitnessPubKeyHashFromPublicKey(Signer.Basepoints.PaymentBasepoint.AsSpan());

    public Commitments Commitments => State switch
    {
        ChannelState.Normal normal => normal.Commitments,
        ChannelState.ForceClosing closing => closing.Commitments,
        ChannelState.WaitingForRemoteClose waiting => waiting.Commitments,
        ChannelState.ShuttingDown shutting => shutting.Shutdown.Commitments,
        ChannelState.Negotiating negotiating => negotiating.Negotiation.Commitments,
        ChannelState.MutualClose mutual => mutual.Commitments,
        ChannelState.ClosingOnChain closing => closing.Commitments,
        ChannelState.Closed closed => closed.Commitments,
        var other => throw new InvalidOperationException($"{Name} holds no commitments in {other?.GetType().Name ?? "no state"}."),
    };

    public bool HasPendingActions => _pending.Count > 0;

    /// <summary>Every input fed to the engine after its first state, in order.</summary>
    public List<ChannelInput> Inputs { get; } = [];

    /// <summary>
    /// False for a cheater the test plays by hand: its engine is no longer fed, as a
    /// dishonest peer does not run our software.
    /// </summary>
    public bool Honest { get; set; } = true;

    /// <summary>
    /// What this side's host hands the engine for pricing its on-chain claims, with the funding
    /// spend and every block (a fee estimate, the operator's ceiling, the node's BIP 125
    /// increment); null leaves the engine to its stored schedule.
    /// </summary>
    public Microchannels.Channels.Engine.OnChain.ClaimPricing? Pricing { get; set; }

    /// <summary>The on-chain close being resolved or resolved, once the funding output was spent.</summary>
    public Microchannels.Channels.Engine.OnChain.OnChainClose? OnChainClose => State switch
    {
        ChannelState.ClosingOnChain closing => closing.Close,
        ChannelState.Closed closed => closed.Close,
        _ => null,
    };

    /// <summary>Takes the first state of a channel (<c>Open</c>, <c>Accept</c>) and queues its actions.</summary>
    public void Start(ChannelStep step)
    {
        if (State is not null)
        {
            throw new InvalidOperationException($"{Name} already has a channel.");
        }

        Apply(step);
    }

    /// <summary>Feeds one input to the engine; its actions are queued for the host.</summary>
    public ChannelStep Input(ChannelInput input)
    {
        var state = State ?? throw new InvalidOperationException($"{Name} has no channel yet.");
        var step = ChannelStateMachine.Process(state, input, Signer);
        Inputs.Add(input);
        Apply(step);
        return step;
    }

    public ChannelAction TakeAction()
    {
        var action = _pending.Dequeue();
        if (Established is null)
        {
            OpeningActions.Add(action);
        }

        switch (action)
        {
            case ChannelAction.PersistState persist:
                Persisted = persist.State;
                break;
            case ChannelAction.ChannelEstablished established:
                Established = established;
                break;
            case ChannelAction.BroadcastTransaction broadcast when Established is not null:
                Broadcasts.Add(broadcast);
                break;
            case ChannelAction.SendMessage or ChannelAction.BroadcastTransaction:
                break;
            default:
                if (Established is not null)
                {
                    Notifications.Add(action);
                }

                break;
        }

        return action;
    }

    public void Dispose() => Signer.Dispose();

    private void Apply(ChannelStep step)
    {
        State = step.State;
        foreach (var action in step.Actions)
        {
            _pending.Enqueue(action);
        }
    }
}
