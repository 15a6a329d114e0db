using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Node;

/// <summary>An established, ordered, authenticated message pipe to one peer.</summary>
public interface IPeerConnection : IAsyncDisposable
{
    ValueTask SendAsync(LightningMessage message, CancellationToken cancellationToken);

    /// <summary>The next message, or null once the peer closed the connection cleanly.</summary>
    ValueTask<LightningMessage?> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Whether both sides offered <paramref name="feature"/> in their BOLT 1 <c>init</c>. A pipe
    /// with no init exchange (an in-process link between two of our own channels) offers our
    /// whole feature set.
    /// </summary>
    bool Offers(Feature feature) => Features.LocalDefault.Offers(feature);
}
