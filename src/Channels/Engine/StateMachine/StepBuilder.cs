using System.Collections.Immutable;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.StateMachine;

/// <summary>
/// Collects a step's actions so the save-then-send order is in the shape of the code
/// (eclair's <c>stay() using d storing() sending msg</c>, STYLE.md #2): a message that
/// depends on new state is only ever queued after <see cref="Store"/>.
/// </summary>
internal sealed class StepBuilder
{
    private readonly ImmutableArray<ChannelAction>.Builder _actions = ImmutableArray.CreateBuilder<ChannelAction>();

    public StepBuilder(ChannelState state)
    {
        State = state;
    }

    public ChannelState State { get; private set; }

    /// <summary>Move to <paramref name="state"/> without storing it (nothing sent depends on it yet).</summary>
    public StepBuilder Using(ChannelState state)
    {
        State = state;
        return this;
    }

    /// <summary>Move to <paramref name="state"/> and store it before anything queued after.</summary>
    public StepBuilder Store(ChannelState state)
    {
        State = state;
        _actions.Add(new ChannelAction.PersistState(state));
        return this;
    }

    public StepBuilder Send(LightningMessage message)
    {
        _actions.Add(new ChannelAction.SendMessage(message));
        return this;
    }

    public StepBuilder Broadcast(Transaction transaction, string reason)
    {
        _actions.Add(new ChannelAction.BroadcastTransaction(transaction, reason));
        return this;
    }

    public StepBuilder Notify(ChannelAction action)
    {
        _actions.Add(action);
        return this;
    }

    public ChannelStep Build() => new(State, _actions.ToImmutable());
}
