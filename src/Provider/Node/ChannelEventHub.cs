using System.Collections.Concurrent;
using System.Threading.Channels;
using Microchannels.Provider.Api.V1;
using Channel = System.Threading.Channels.Channel;

namespace Microchannels.Provider.Node;

/// <summary>
/// Fans channel events out to SubscribeChannelEvents streams. Each subscriber has its own
/// bounded queue: one slow client never holds up the node; a client whose queue fills is
/// dropped with <see cref="SubscriberTooSlowException"/>.
/// </summary>
public sealed class ChannelEventHub
{
    public const int QueueCapacity = 10_000;

    private readonly ConcurrentDictionary<Channel<ChannelEvent>, bool> _subscribers = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int SubscriberCount => _subscribers.Count;

    /// <summary>A new subscription; dispose it to leave.</summary>
    public Subscription Subscribe()
    {
        var queue = Channel.CreateBounded<ChannelEvent>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _subscribers[queue] = true;
        return new Subscription(this, queue);
    }

    public void Publish(ChannelEvent channelEvent)
    {
        foreach (var queue in _subscribers.Keys)
        {
            if (!queue.Writer.TryWrite(channelEvent))
            {
                queue.Writer.TryComplete(new SubscriberTooSlowException());
                _subscribers.TryRemove(queue, out _);
            }
        }

        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Completes at the next published event or channel state change (for callers waiting on a channel).</summary>
    public Task NextChangeAsync(CancellationToken cancellationToken) => Volatile.Read(ref _changed).Task.WaitAsync(cancellationToken);

    /// <summary>Signals a state change that is not itself an event.</summary>
    public void Changed() =>
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>One subscriber's queue.</summary>
    public sealed class Subscription(ChannelEventHub hub, Channel<ChannelEvent> queue) : IDisposable
    {
        public ChannelReader<ChannelEvent> Reader => queue.Reader;

        public void Dispose()
        {
            hub._subscribers.TryRemove(queue, out _);
            queue.Writer.TryComplete();
        }
    }
}
