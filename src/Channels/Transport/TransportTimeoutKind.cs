namespace Microchannels.Channels.Transport;

/// <summary>Which deadline of a <see cref="NoiseTransport"/> expired.</summary>
public enum TransportTimeoutKind
{
    /// <summary>The connection and the three BOLT 8 acts did not finish within <see cref="TransportOptions.HandshakeTimeout"/>.</summary>
    Handshake,

    /// <summary>Our <c>ping</c> went unanswered and nothing else arrived for <see cref="TransportOptions.PingTimeout"/>: the peer is presumed dead.</summary>
    Pong,

    /// <summary>The peer did not send its BOLT 1 <c>init</c> within <see cref="TransportOptions.InitTimeout"/> of the handshake.</summary>
    Init,
}
