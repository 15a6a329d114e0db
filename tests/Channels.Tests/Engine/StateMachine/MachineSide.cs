using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.StateMachine;

/// <summary>
/// One node as the shell would run it: an in-memory state, a "disk" holding the last
/// persisted state, and an outbox. Actions run one at a time; <see cref="CrashAfter"/>
/// stops the node after a given number of actions, dropping everything not persisted.
/// </summary>
internal sealed class MachineSide
{
    private readonly byte[] _seed;
    private readonly Queue<ChannelAction> _pending = new();

    public MachineSide(string name, byte[] seed, ChannelState initial)
    {
        Name = name;
        _seed = seed;
        Signer = new InMemoryChannelSigner(ChannelSecrets.FromSeed(seed));
        State = initial;
        Persisted = initial;
    }

    public string Name { get; }

    public ChannelState State { get; private set; }

    /// <summary>What the store holds.</summary>
    public ChannelState Persisted { get; private set; }

    public InMemoryChannelSigner Signer { get; private set; }

    public List<TransferUpdate> CompletedSent { get; } = [];

    public List<ChannelAction> Notifications { get; } = [];

    /// <summary>Every persisted state as the store's bytes (<see cref="ChannelStateCodec"/>).</summary>
    public List<byte[]> StoredRecords { get; } = [];

    public int ActionsExecuted { get; private set; }

    /// <summary>Crash once this many actions have run (null: never).</summary>
    public int? CrashAfter { get; set; }

    public bool Crashed { get; private set; }

    public Commitments Commitments => State.CommitmentsOrNull ?? throw new InvalidOperationException($"{State.GetType().Name} has no commitments.");

    /// <summary>Feeds one input; actions are queued and run by <see cref="RunActions"/>.</summary>
    public void Input(ChannelInput input)
    {
        if (Crashed)
        {
            return;
        }

        var step = ChannelStateMachine.Process(State, input, Signer);
        State = step.State;
        foreach (var action in step.Actions)
        {
            _pending.Enqueue(action);
        }
    }

    /// <summary>Runs queued actions in order, delivering sends to <paramref name="wire"/>.</summary>
    public void RunActions(Queue<LightningMessage> wire)
    {
        while (_pending.Count > 0 && !Crashed)
        {
            if (CrashAfter is { } limit && ActionsExecuted >= limit)
            {
                Crashed = true;
                break;
            }

            var action = _pending.Dequeue();
            ActionsExecuted++;
            switch (action)
            {
                case ChannelAction.PersistState persist:
                    Persisted = persist.State;
                    StoredRecords.Add(ChannelStateCodec.Encode(persist.State));
                    break;
                case ChannelAction.SendMessage send:
                    // Through the real codec, as on the wire.
                    wire.Enqueue(MessageCodec.Decode(MessageCodec.Encode(send.Message)).Message);
                    break;
                case ChannelAction.MarkRevoked revoked:
                    Signer.MarkHolderCommitmentRevoked(revoked.CommitmentNumber);
                    break;
                case ChannelAction.TransfersCompleted completed:
                    CompletedSent.AddRange(completed.Sent);
                    Notifications.Add(action);
                    break;
                default:
                    Notifications.Add(action);
                    break;
            }
        }
    }

    /// <summary>
    /// The process restarts: memory is gone, the store's state is reloaded, the signer is
    /// rebuilt from its seed with the revocation tripwire taken from the stored state.
    /// </summary>
    public void Restart()
    {
        _pending.Clear();
        Crashed = false;
        CrashAfter = null;
        var stored = Persisted switch
        {
            ChannelState.Normal n => n with { Connection = ConnectionPhase.Disconnected, Unsent = [] },
            ChannelState.ShuttingDown or ChannelState.Negotiating => ChannelStateCodec.Decode(ChannelStateCodec.Encode(Persisted)),
            var other => other,
        };
        var (commitments, _) = stored is ChannelState.Normal normal ? normal.Commitments.OnDisconnect() : (null, null);
        State = commitments is null ? stored : ((ChannelState.Normal)stored) with { Commitments = commitments };
        ulong? revoked = Commitments.LocalCommit.Index == 0 ? null : Commitments.LocalCommit.Index - 1;
        Signer.Dispose();
        Signer = new InMemoryChannelSigner(ChannelSecrets.FromSeed(_seed), revoked);
    }
}
