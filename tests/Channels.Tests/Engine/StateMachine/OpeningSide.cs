using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.StateMachine;

/// <summary>
/// One side of an opening as the shell runs it: each step's actions in order, sends
/// through the real codec into <see cref="Outbox"/>, persists into <see cref="Stored"/>
/// (through <see cref="ChannelStateCodec"/>, as the store holds it), everything else logged.
/// </summary>
internal sealed class OpeningSide(string name, InMemoryChannelSigner signer, ChannelState state)
{
    public string Name { get; } = name;

    public InMemoryChannelSigner Signer { get; } = signer;

    public ChannelState State { get; private set; } = state;

    /// <summary>What the store holds (null: nothing stored, BOLT 2 "SHOULD NOT remember the channel").</summary>
    public ChannelState? Stored { get; private set; }

    public Queue<LightningMessage> Outbox { get; } = new();

    /// <summary>Every action performed, in order.</summary>
    public List<ChannelAction> Performed { get; } = [];

    public List<Transaction> Broadcast { get; } = [];

    /// <summary>Crash (stop performing and taking anything) once this many actions were performed; null: never.</summary>
    public int? CrashAfter { get; set; }

    public bool Crashed { get; private set; }

    public ChannelStep Input(ChannelInput input) =>
        Crashed ? ChannelStep.Unchanged(State) : Apply(ChannelStateMachine.Process(State, input, Signer));

    public ChannelStep Apply(ChannelStep step)
    {
        State = step.State;
        foreach (var action in step.Actions)
        {
            if (CrashAfter is { } limit && Performed.Count >= limit)
            {
                Crashed = true;
                Outbox.Clear();
                break;
            }

            Performed.Add(action);
            switch (action)
            {
                case ChannelAction.PersistState persist:
                    Stored = ChannelStateCodec.Decode(ChannelStateCodec.Encode(persist.State));
                    break;
                case ChannelAction.SendMessage send:
                    Outbox.Enqueue(MessageCodec.Decode(MessageCodec.Encode(send.Message)).Message);
                    break;
                case ChannelAction.BroadcastTransaction broadcast:
                    Broadcast.Add(broadcast.Transaction);
                    break;
            }
        }

        return step;
    }

    /// <summary>The process restarts from its store: memory is gone, the connection too.</summary>
    public void Restart()
    {
        Outbox.Clear();
        Crashed = false;
        CrashAfter = null;
        State = Stored ?? throw new InvalidOperationException($"{Name} has nothing stored.");
    }

    /// <summary>Delivers everything in <see cref="Outbox"/> to <paramref name="peer"/>, in order.</summary>
    public void DeliverTo(OpeningSide peer)
    {
        if (peer.Crashed)
        {
            Outbox.Clear();
        }

        while (Outbox.Count > 0)
        {
            peer.Input(new ChannelInput.PeerMessage(Outbox.Dequeue()));
        }
    }

    public T Last<T>()
        where T : ChannelAction => Performed.OfType<T>().Last();

    /// <summary>A signed-looking funding transaction from one native segwit input, change first.</summary>
    public static Transaction Funding(Script fundingScriptPubKey, Satoshis amount) => new(
        2,
        [new TxIn(new OutPoint(TxId.Parse("fd2105607605d2302994ffea703b09f66b6351816ee737a93e42a841ea20bbad"), 0), Script.Empty, 0xFFFFFFFD, new Witness(new byte[72], new byte[33]))],
        [new TxOut(new Satoshis(50_000), StandardScripts.PayToWitnessPubKeyHash(new byte[20])), new TxOut(amount, fundingScriptPubKey)],
        0);
}
