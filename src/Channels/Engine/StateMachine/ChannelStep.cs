using System.Collections.Immutable;

namespace Microchannels.Channels.Engine.StateMachine;

/// <summary>The outcome of one input: the new state and the actions to perform, in order.</summary>
public sealed record ChannelStep(ChannelState State, ImmutableArray<ChannelAction> Actions)
{
    public static ChannelStep Unchanged(ChannelState state) => new(state, []);
}
