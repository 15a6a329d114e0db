using Microchannels.Channels.Node;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Node;

/// <summary>
/// A connection whose incoming messages the test delivers one by one, recording what the
/// runner sends. It offers <c>option_streamed_transfer</c> (docs/PROTOCOL.md) unless told not to.
/// </summary>
internal sealed class QueuePeer(bool streamedTransfer = true) : IPeerConnection
{
    private readonly System.Threading.Channels.Channel<LightningMessage> _incoming = System.Threading.Channels.Channel.CreateUnbounded<LightningMessage>();

    public System.Collections.Concurrent.ConcurrentQueue<LightningMessage> Sent { get; } = new();

    public bool Disposed { get; private set; }

    public bool Offers(Feature feature) => feature != Features.StreamedTransfer || streamedTransfer;

    public void Deliver(LightningMessage message) => _incoming.Writer.TryWrite(message);

    public ValueTask SendAsync(LightningMessage message, CancellationToken cancellationToken)
    {
        Sent.Enqueue(message);
        return ValueTask.CompletedTask;
    }

    public async ValueTask<LightningMessage?> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (await _incoming.Reader.WaitToReadAsync(cancellationToken))
        {
            if (_incoming.Reader.TryRead(out var message))
            {
                return message;
            }
        }

        return null;
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        _incoming.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}
