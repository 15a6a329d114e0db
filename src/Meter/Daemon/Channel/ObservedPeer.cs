using Microchannels.Channels.Node;
using Microchannels.Channels.Wire;

namespace Microchannels.Meter.Daemon.Channel;

/// <summary>A peer connection that says when it ended (read to its end, failed, or disposed), so the daemon knows when to reconnect.</summary>
internal sealed class ObservedPeer(IPeerConnection inner) : IPeerConnection
{
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Closed => _closed.Task;

    public async ValueTask SendAsync(LightningMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await inner.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _closed.TrySetResult();
            throw;
        }
    }

    public async ValueTask<LightningMessage?> ReceiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            var message = await inner.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (message is null)
            {
                _closed.TrySetResult();
            }

            return message;
        }
        catch
        {
            _closed.TrySetResult();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _closed.TrySetResult();
        await inner.DisposeAsync().ConfigureAwait(false);
    }
}
