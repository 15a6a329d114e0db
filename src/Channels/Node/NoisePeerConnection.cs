using Microchannels.Channels.Transport;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Node;

/// <summary>
/// BOLT 1 over BOLT 8: each side sends <c>init</c> first and reads the peer's before
/// anything else; features must be compatible (we require option_static_remotekey).
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

    /// <summary>Connects to the node <paramref name="remoteNodeId"/> at <paramref name="endpoint"/>: BOLT 8 as initiator, then init.</summary>
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

    public static async Task<NoisePeerConnection> EstablishAsync(NoiseTransport transport, FeatureBits localFeatures, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        await transport.SendAsync(MessageCodec.Encode(new Init(FeatureBits.Empty, localFeatures)), cancellationToken).ConfigureAwait(false);
        var first = await transport.ReceiveAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new PeerHandshakeException("The peer closed the connection before sending init.");
        if (MessageCodec.Decode(first.Span).Message is not Init init)
        {
            // BOLT 1 "The init Message": "MUST send init as the first Lightning message for any connection".
            throw new PeerHandshakeException("The peer's first message is not init.");
        }

        var result = FeatureNegotiation.Negotiate(localFeatures, init.GlobalFeatures | init.Features);
        if (!result.IsSuccess)
        {
            throw new PeerHandshakeException($"Incompatible features: {result.Error}") { NegotiationError = result.Error };
        }

        return new NoisePeerConnection(transport, result.Negotiated!);
    }

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
}
