using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Node;

/// <summary>
/// A node's channel stopped because the shell could not perform an action (a store or
/// broadcast failure). Nothing was sent past the failure; the channel resumes from the
/// store when the node restarts. Not the peer's fault, so it fails nothing.
/// </summary>
public sealed class ChannelHaltedException : ChannelException
{
    public ChannelHaltedException(ChannelId channelId, Exception cause)
        : base(channelId, $"The channel stopped: {cause?.Message}")
    {
        Cause = cause ?? throw new ArgumentNullException(nameof(cause));
    }

    public Exception Cause { get; }

    public override bool FailsChannel => false;
}
