using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>
/// A message that makes no sense in the channel's current phase, for example an
/// update before <c>channel_reestablish</c> (BOLT 2: a node "MUST wait to receive the
/// other node's channel_reestablish message before sending any other messages").
/// It is ignored; the channel is not failed.
/// </summary>
public sealed class UnexpectedMessageException : ChannelException
{
    public UnexpectedMessageException(ChannelId channelId, string messageName, string phase)
        : base(channelId, $"Unexpected {messageName} while {phase}; ignored.")
    {
        MessageName = messageName;
        Phase = phase;
    }

    public string MessageName { get; }

    public string Phase { get; }

    public override bool FailsChannel => false;
}
