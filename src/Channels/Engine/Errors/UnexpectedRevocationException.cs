using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Engine.Errors;

/// <summary>A revoke_and_ack when no commitment of ours awaits one: a replayed or spurious revocation.</summary>
public sealed class UnexpectedRevocationException : ChannelException
{
    public UnexpectedRevocationException(ChannelId channelId)
        : base(channelId, "revoke_and_ack received while no signed commitment awaits revocation.")
    {
    }
}
