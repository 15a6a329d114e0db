using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Node;

/// <summary>An established, ordered, authenticated message pipe to one peer.</summary>
public interface IPeerConnection : IAsyncDisposable
{
    ValueTask SendAsync(LightningMessage message, CancellationToken cancellationToken);

    /// <summary>The next message, or null once the peer closed the connection cleanly.</summary>
    ValueTask<LightningMessage?> ReceiveAsync(CancellationToken cancellationToken);
}
