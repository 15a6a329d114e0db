namespace Microchannels.Channels.Engine.StateMachine;

/// <summary>Where an open channel stands with its peer connection (BOLT 2 "Message Retransmission").</summary>
public enum ConnectionPhase
{
    Disconnected,

    /// <summary>We sent channel_reestablish and must not send anything else until theirs arrives.</summary>
    AwaitingReestablish,

    Connected,
}
