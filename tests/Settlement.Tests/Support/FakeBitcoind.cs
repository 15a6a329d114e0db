using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microchannels.Settlement.Rpc;

namespace Microchannels.Settlement.Tests.Support;

/// <summary>
/// A stand-in for bitcoind's RPC server on 127.0.0.1 (System.Net.HttpListener on
/// a free port) that answers with scripted replies and records every request.
/// Replies are used in order; the last one repeats.
/// </summary>
internal sealed partial class FakeBitcoind : IDisposable
{
    private readonly HttpListener _listener;
    private readonly FakeReply[] _replies;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Task _loop;
    private int _served;

    private FakeBitcoind(HttpListener listener, Uri endpoint, FakeReply[] replies)
    {
        _listener = listener;
        _replies = replies;
        Endpoint = endpoint;
        _loop = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public RecordedRequest SingleRequest => Assert.Single(Requests);

    public static FakeBitcoind Start(params FakeReply[] replies)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return StartOn(Settlement.Regtest.FreeLoopbackPort.Pick(), replies);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // The port was taken between picking and binding; pick another.
            }
        }
    }

    /// <summary>Listens on <paramref name="port"/>; throws <see cref="HttpListenerException"/> if it is taken.</summary>
    public static FakeBitcoind StartOn(int port, params FakeReply[] replies)
    {
        ArgumentOutOfRangeException.ThrowIfZero(replies.Length);
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        try
        {
            listener.Start();
        }
        catch (HttpListenerException)
        {
            listener.Close();
            throw;
        }

        return new FakeBitcoind(listener, new Uri($"http://127.0.0.1:{port}/"), replies);
    }

    /// <summary>A client with user/password credentials and tiny, exact retry delays.</summary>
    public BitcoindRpcClient Client(Func<BitcoindRpcOptions, BitcoindRpcOptions>? configure = null)
    {
        var options = new BitcoindRpcOptions(Endpoint, BitcoindCredentials.FromUserPassword("alice", "secret"))
        {
            Timeout = TimeSpan.FromSeconds(10),
            MaxRetries = 3,
            BaseDelay = TimeSpan.FromMilliseconds(1),
            MaxDelay = TimeSpan.FromMilliseconds(5),
        };
        return new BitcoindRpcClient(configure is null ? options : configure(options));
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loop ends with the listener; how it ends does not matter.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            await AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        HttpListenerRequest request = context.Request;
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        string body = await reader.ReadToEndAsync();
        var recorded = new RecordedRequest(request.HttpMethod, request.Url!.AbsolutePath, request.Headers["Authorization"], request.ContentType, body);
        _requests.Enqueue(recorded);

        int index = Math.Min(Interlocked.Increment(ref _served) - 1, _replies.Length - 1);
        FakeReply reply = _replies[index];
        if (reply.Delay > TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay);
        }

        if (reply.Hold is { } hold)
        {
            // Withheld until the test lets it go: no answer at all, however long the client waits.
            await hold;
        }

        if (reply.Abort)
        {
            // Promise a body, send part of it, and drop the connection: the
            // client sees the reply end early, as when bitcoind dies mid-answer.
            context.Response.ContentLength64 = 1000;
            await context.Response.OutputStream.WriteAsync("{\"result\":"u8.ToArray());
            await context.Response.OutputStream.FlushAsync();
            context.Response.Abort();
            return;
        }

        string text = RecordedId().Replace(reply.Body, $"\"id\":{recorded.Id}}}");
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = text.StartsWith('{') ? "application/json" : "text/html; charset=ISO-8859-1";
        context.Response.ContentLength64 = bytes.Length;
        try
        {
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client gave up (a timeout test); nothing to answer.
        }
    }

    [GeneratedRegex("\"id\":7}$")]
    private static partial Regex RecordedId();
}
