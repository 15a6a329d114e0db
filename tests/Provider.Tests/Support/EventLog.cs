using Grpc.Core;
using Microchannels.Provider.Api.V1;

namespace Microchannels.Provider.Tests.Support;

/// <summary>Reads a SubscribeChannelEvents stream in the background and lets a test wait for, and list, each meter's events.</summary>
internal sealed class EventLog : IAsyncDisposable
{
    private readonly AsyncServerStreamingCall<ChannelEvent> _call;
    private readonly List<ChannelEvent> _events = [];
    private readonly Task _reading;

    private EventLog(AsyncServerStreamingCall<ChannelEvent> call)
    {
        _call = call;
        _reading = Task.Run(ReadAsync);
    }

    /// <summary>Subscribes and waits until the subscription is live (its response headers).</summary>
    public static async Task<EventLog> SubscribeAsync(ProviderService.ProviderServiceClient client)
    {
        var call = client.SubscribeChannelEvents(new SubscribeChannelEventsRequest());
        await call.ResponseHeadersAsync;
        return new EventLog(call);
    }

    /// <summary>The kinds of <paramref name="meter"/>'s events so far, in order, without the connection ones.</summary>
    public IReadOnlyList<ChannelEvent.KindOneofCase> KindsOf(string meter)
    {
        lock (_events)
        {
            return [.. _events.Where(e => e.MeterNodeId == meter && e.KindCase is not (ChannelEvent.KindOneofCase.Reestablished or ChannelEvent.KindOneofCase.Disconnected)).Select(e => e.KindCase)];
        }
    }

    /// <summary>The first event of <paramref name="meter"/> of <paramref name="kind"/> that matches, once it came.</summary>
    public async Task<ChannelEvent> WaitAsync(string meter, ChannelEvent.KindOneofCase kind, Func<ChannelEvent, bool>? match = null)
    {
        ChannelEvent? found = null;
        await Eventually.TrueAsync(() =>
        {
            lock (_events)
            {
                found = _events.FirstOrDefault(e => e.MeterNodeId == meter && e.KindCase == kind && (match is null || match(e)));
            }

            return found is not null || _reading.IsCompleted;
        }, $"a {kind} event of meter {meter}", 90);
        return found ?? throw new InvalidOperationException($"the event stream ended: {_reading.Exception?.GetBaseException().Message}");
    }

    public async ValueTask DisposeAsync()
    {
        _call.Dispose();
        try
        {
            await _reading;
        }
        catch (RpcException)
        {
            // Cancelled by the dispose.
        }
    }

    private async Task ReadAsync()
    {
        await foreach (var channelEvent in _call.ResponseStream.ReadAllAsync())
        {
            lock (_events)
            {
                _events.Add(channelEvent);
            }
        }
    }
}
