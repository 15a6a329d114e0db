using Microchannels.Channels.Engine.OnChain;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.StateMachine;

/// <summary>The phases after the funding output was spent (BOLT 5).</summary>
public abstract partial record ChannelState
{
    /// <summary>
    /// BOLT 5: a transaction spent the funding output and we are resolving our outputs: the
    /// sweep of our delayed <c>to_local</c> waits for <c>to_self_delay</c> confirmations, a
    /// penalty went out at once, a <c>to_remote</c> or mutual-close output is already ours.
    /// Stored before any claim is broadcast.
    /// </summary>
    public sealed record ClosingOnChain(Commitments Commitments, OnChainClose Close) : ChannelState
    {
        public override ChannelId ChannelId => Commitments.ChannelId;
    }

    /// <summary>
    /// Terminal: every transaction of the close is "irrevocably resolved" (BOLT 5 "General
    /// Nomenclature": at least 100 blocks deep). Nothing is left to watch.
    /// </summary>
    public sealed record Closed(Commitments Commitments, OnChainClose Close) : ChannelState
    {
        public override ChannelId ChannelId => Commitments.ChannelId;
    }
}
