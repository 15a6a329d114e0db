using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Closing.Errors;

/// <summary>
/// BOLT 2 "Closing Initiation: shutdown": "if there are updates pending on the receiving
/// node's commitment transaction: MUST NOT send a shutdown". Local: sign them first
/// (<c>commitment_signed</c>), then shut down. Received: the peer sent <c>shutdown</c>
/// while its own updates were still unsigned, so they can never be completed cleanly.
/// </summary>
public sealed class ShutdownWithPendingUpdatesException : ChannelException
{
    public ShutdownWithPendingUpdatesException(ChannelId channelId, int pendingUpdates, bool local)
        : base(channelId, local
            ? $"Cannot send shutdown: {pendingUpdates} update(s) are not yet signed into the peer's commitment."
            : $"The peer sent shutdown with {pendingUpdates} update(s) it has not signed.")
    {
        PendingUpdates = pendingUpdates;
        FailsChannel = !local;
    }

    public int PendingUpdates { get; }

    public override bool FailsChannel { get; }
}
