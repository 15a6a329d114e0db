using Microchannels.Channels.Node;
using Microchannels.Channels.Wire;

namespace Microchannels.Meter.Daemon.Channel;

/// <summary>
/// A peer connection that says when it ended (read to its end, failed, or disposed), so the
/// daemon knows when to reconnect, and that hands the provider's <c>tariff_update</c> to the
/// daemon instead of the channel: it is a message beside the channel, not of it.
/// </summary>
internal sealed class ObservedPeer(IPeerConnection inner, Action<TariffUpdate> onTariff) : IPeerConnection
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
            while (message is TariffUpdate tariff)
            {
                onTariff(tariff);
                message = await inner.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            }

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

    public bool Offers(Feature feature) => inner.Offers(feature);

    public async ValueTask DisposeAsync()
    {
        _closed.TrySetResult();
        await inner.DisposeAsync().ConfigureAwait(false);
    }
}
