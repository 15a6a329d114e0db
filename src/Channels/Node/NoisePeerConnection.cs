using Microchannels.Channels.Transport;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Node;

/// <summary>
/// BOLT 1 over BOLT 8: each side sends <c>init</c> first and reads the peer's before
/// anything else; features must be compatible (<see cref="FeatureNegotiation"/>).
/// Messages of unknown odd types are skipped, as BOLT 1 requires.
/// </summary>
public sealed class NoisePeerConnection : IPeerConnection
{
    private readonly NoiseTransport _transport;

    private NoisePeerConnection(NoiseTransport transport, FeatureBits negotiated)
    {
        _transport = transport;
        Features = negotiated;
    }

    /// <summary>The features both sides offer.</summary>
    public FeatureBits Features { get; }

    /// <summary>The peer's node id: the static key it proved in the BOLT 8 handshake.</summary>
    public Bitcoin.Crypto.PublicKey RemoteNodeId => _transport.RemoteStaticKey;

    /// <summary>The peer's address, for per-address limits.</summary>
    public System.Net.EndPoint? RemoteEndPoint => _transport.RemoteEndPoint;

    /// <summary>
    /// Connects to the node <paramref name="remoteNodeId"/> at <paramref name="endpoint"/>: BOLT 8 as
    /// initiator, then init, which must arrive within <see cref="TransportOptions.InitTimeout"/>.
    /// </summary>
    public static async Task<NoisePeerConnection> ConnectAsync(
        System.Net.IPEndPoint endpoint,
        Bitcoin.Crypto.PrivateKey localNodeKey,
        Bitcoin.Crypto.PublicKey remoteNodeId,
        TransportOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var transport = await NoiseTransport.ConnectAsync(endpoint, localNodeKey, remoteNodeId, options, cancellationToken).ConfigureAwait(false);
        try
        {
            return await EstablishAsync(transport, Wire.Features.LocalDefault, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The init exchange on a connected transport: ours first (BOLT 1: "MUST send init as the
    /// first Lightning message"), then the peer's, within the transport's
    /// <see cref="TransportOptions.InitTimeout"/> (<see cref="TransportTimeoutException"/> of kind
    /// <see cref="TransportTimeoutKind.Init"/>). A peer refused for its features is sent a
    /// <c>warning</c> saying why before the caller closes the connection (BOLT 1 "The error and
    /// warning Messages"); a ping before its init refuses it too (<see cref="ControlBeforeInitException"/>).
    /// </summary>
    public static async Task<NoisePeerConnection> EstablishAsync(NoiseTransport transport, FeatureBits localFeatures, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        await transport.SendAsync(MessageCodec.Encode(new Init(FeatureBits.Empty, localFeatures)), cancellationToken).ConfigureAwait(false);
        var init = await ReceiveInitAsync(transport, cancellationToken).ConfigureAwait(false);
        var result = FeatureNegotiation.Negotiate(localFeatures, init.CombinedFeatures);
        if (!result.IsSuccess)
        {
            await TellAsync(transport, $"Incompatible features: {result.Error!.Description}", cancellationToken).ConfigureAwait(false);
            throw new PeerHandshakeException($"Incompatible features: {result.Error}") { NegotiationError = result.Error };
        }

        return new NoisePeerConnection(transport, result.Negotiated!);
    }

    /// <summary>Whether both sides offered <paramref name="feature"/> in their init on this connection.</summary>
    public bool Offers(Feature feature) => Features.Offers(feature);

    public ValueTask SendAsync(LightningMessage message, CancellationToken cancellationToken) =>
        _transport.SendAsync(MessageCodec.Encode(message), cancellationToken);

    public async ValueTask<LightningMessage?> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var bytes = await _transport.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                return null;
            }

            var decoded = MessageCodec.Decode(bytes.Value.Span);
            if (!decoded.ShouldIgnore)
            {
                return decoded.Message;
            }
        }
    }

    public ValueTask DisposeAsync() => _transport.DisposeAsync();

    private static async Task<Init> ReceiveInitAsync(NoiseTransport transport, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(transport.Options.InitTimeout);
        ReadOnlyMemory<byte>? first;
        try
        {
            first = await transport.ReceiveAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransportTimeoutException(TransportTimeoutKind.Init, transport.Options.InitTimeout);
        }
        catch (ControlBeforeInitException e)
        {
            throw new PeerHandshakeException(e.Message, e);
        }

        if (first is null)
        {
            throw new PeerHandshakeException("The peer closed the connection before sending init.");
        }

        if (MessageCodec.Decode(first.Value.Span).Message is not Init init)
        {
            // BOLT 1: "MUST send init as the first Lightning message"; anything else is refused.
            await TellAsync(transport, "init must be the first message", cancellationToken).ConfigureAwait(false);
            throw new PeerHandshakeException("The peer's first message is not init.");
        }

        return init;
    }

    /// <summary>A connection-level <c>warning</c> (all-zero <c>channel_id</c>); the connection is closed after it anyway.</summary>
    private static async Task TellAsync(NoiseTransport transport, string why, CancellationToken cancellationToken)
    {
        try
        {
            await transport.SendAsync(MessageCodec.Encode(new Warning(ChannelId.All, new ByteVector(System.Text.Encoding.UTF8.GetBytes(why)))), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // The peer is gone already; it is refused either way.
        }
    }
}
