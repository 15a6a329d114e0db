using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Opening;

/// <summary>
/// A channel being opened (BOLT 2 "Channel Establishment v1"), one record per wait,
/// like eclair's <c>channel/states/a…c</c>. Each is immutable; a transition returns the
/// next state and the message to send, and a rule broken throws a
/// <see cref="Errors.ChannelException"/> leaving the state as it was. The shell
/// stores the returned state before sending (DESIGN.md decision 4).
/// </summary>
public abstract record OpeningState
{
    /// <summary>The id the peer's messages carry now: the temporary one until the funding outpoint is known.</summary>
    public abstract ChannelId ChannelId { get; }

    /// <summary>What open_channel and accept_channel settled; null while the opener still waits for accept_channel.</summary>
    public virtual ChannelTerms? SettledTerms => null;
}
