namespace Microchannels.Channels.Transport;

/// <summary>Timeouts and limits of a <see cref="NoiseTransport"/> connection.</summary>
public sealed record TransportOptions
{
    public static TransportOptions Default { get; } = new();

    /// <summary>Connecting plus all three BOLT 8 acts must finish within this time.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After the handshake, the peer's BOLT 1 <c>init</c> must arrive within this time
    /// (used by <c>NoisePeerConnection</c>); a silent peer otherwise holds a connection forever.
    /// </summary>
    public TimeSpan InitTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After this long without receiving anything, send a BOLT 1 <c>ping</c>.
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns the keep-alive off.
    /// </summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// With our <c>ping</c> unanswered, how long to go without receiving anything at all
    /// before closing the connection as dead (BOLT 1: "if it doesn't receive a
    /// corresponding pong: MAY close the network connection").
    /// </summary>
    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Decrypted messages held for <see cref="NoiseTransport.ReceiveAsync"/>. When full,
    /// the transport stops reading the socket, so a slow consumer slows the peer
    /// (TCP flow control) instead of growing memory: at most this many 65535-byte messages.
    /// </summary>
    public int ReceiveQueueCapacity { get; init; } = 16;

    /// <summary>
    /// The local address an outbound connection is made from; null lets the system choose.
    /// Load generators and tests use it to connect from several loopback addresses.
    /// </summary>
    public System.Net.IPEndPoint? BindTo { get; init; }

    internal bool KeepAliveEnabled => PingInterval != Timeout.InfiniteTimeSpan;

    internal void Validate()
    {
        if (HandshakeTimeout <= TimeSpan.Zero && HandshakeTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(HandshakeTimeout), HandshakeTimeout, "Must be positive or infinite.");
        }

        if (InitTimeout <= TimeSpan.Zero && InitTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(InitTimeout), InitTimeout, "Must be positive or infinite.");
        }

        if (KeepAliveEnabled && (PingInterval <= TimeSpan.Zero || PingTimeout <= TimeSpan.Zero))
        {
            throw new ArgumentOutOfRangeException(nameof(PingInterval), PingInterval, "PingInterval and PingTimeout must be positive (or PingInterval infinite).");
        }

        if (ReceiveQueueCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ReceiveQueueCapacity), ReceiveQueueCapacity, "Must be at least 1.");
        }
    }
}
