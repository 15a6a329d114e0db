using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Closing.Errors;

/// <summary>
/// A new update while the channel shuts down (BOLT 2 "Closing Initiation: shutdown": a
/// node "MUST NOT send an update_add_htlc after a shutdown", and with no HTLCs left and
/// no revoke_and_ack owed "MUST NOT send any update message"). Local: the command is
/// refused. Received: the peer broke the rule.
/// </summary>
public sealed class ChannelShuttingDownException : ChannelException
{
    public ChannelShuttingDownException(ChannelId channelId, string update, bool local)
        : base(channelId, local
            ? $"The channel is shutting down: no new {update}."
            : $"The peer sent {update} after its shutdown.")
    {
        Update = update;
        FailsChannel = !local;
    }

    /// <summary>The message refused, e.g. <c>update_transfer</c>.</summary>
    public string Update { get; }

    public override bool FailsChannel { get; }
}
