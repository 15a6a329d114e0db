using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microchannels.EmbeddedChain.Rpc;

namespace Microchannels.EmbeddedChain.Hosting;

/// <summary>
/// bitcoind's HTTP JSON-RPC front (httprpc.cpp, httpserver.cpp) on loopback: POST only, HTTP
/// Basic authentication against the cookie or -rpcuser/-rpcpassword (401 otherwise),
/// <c>/</c> and <c>/wallet/&lt;name&gt;</c>, single and batch requests. A JSON-RPC 1.0 error
/// comes back with HTTP 500 (404 for an unknown method), a 2.0 one with 200, as bitcoind does.
/// </summary>
public sealed class RpcHttpServer : IAsyncDisposable
{
    private const int MaxBodyBytes = 32 * 1024 * 1024;

    private readonly HttpListener _listener;
    private readonly RpcDispatcher _dispatcher;
    private readonly byte[][] _accepted;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    private RpcHttpServer(HttpListener listener, int port, RpcDispatcher dispatcher, IEnumerable<string> acceptedUserPasswords)
    {
        _listener = listener;
        Port = port;
        _dispatcher = dispatcher;
        _accepted = [.. acceptedUserPasswords.Select(Encoding.UTF8.GetBytes)];
        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    /// <summary>Listens on 127.0.0.1:<paramref name="port"/>, or on a free port when it is 0.</summary>
    public static RpcHttpServer Start(int port, RpcDispatcher dispatcher, IEnumerable<string> acceptedUserPasswords)
    {
        for (int attempt = 0; ; attempt++)
        {
            int chosen = port != 0 ? port : FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{chosen}/");
            try
            {
                listener.Start();
                return new RpcHttpServer(listener, chosen, dispatcher, acceptedUserPasswords);
            }
            catch (HttpListenerException) when (port == 0 && attempt < 5)
            {
                // Another process took the free port first: pick another.
                listener.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Close();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectDisposedException or HttpListenerException or OperationCanceledException)
        {
            // Closing the listener ends the loop this way.
        }

        _stopping.Dispose();
    }

    private static int FreePort()
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        HttpListenerResponse response = context.Response;
        try
        {
            if (!Authorized(context.Request.Headers["Authorization"]))
            {
                response.AddHeader("WWW-Authenticate", "Basic realm=\"jsonrpc\"");
                response.StatusCode = 401;
                return;
            }

            if (context.Request.HttpMethod != "POST")
            {
                await WriteAsync(response, 405, "JSONRPC server handles only POST requests").ConfigureAwait(false);
                return;
            }

            string path = context.Request.Url?.AbsolutePath ?? "/";
            string? wallet = null;
            if (path.StartsWith("/wallet/", StringComparison.Ordinal))
            {
                wallet = Uri.UnescapeDataString(path["/wallet/".Length..]);
            }
            else if (path != "/")
            {
                response.StatusCode = 404;
                return;
            }

            if (context.Request.ContentLength64 > MaxBodyBytes)
            {
                response.StatusCode = 413;
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            string body = await reader.ReadToEndAsync().ConfigureAwait(false);
            var (status, reply) = Answer(body, wallet);
            await WriteAsync(response, status, reply.ToJsonString()).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away; nothing to answer.
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // Already closed with the connection.
            }

            // bitcoind answers "stop" first, then shuts down.
            _dispatcher.CompleteStopIfRequested();
        }
    }

    private (int Status, JsonNode Reply) Answer(string body, string? wallet)
    {
        JsonNode? request;
        try
        {
            request = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return (500, ErrorReply(null, legacy: true, RpcCodes.ParseError, "Parse error"));
        }

        if (request is JsonArray batch)
        {
            // A batch always answers 200 with one reply per request (httprpc.cpp JSONRPCExecBatch).
            return (200, new JsonArray([.. batch.Select(item => One(item, wallet).Reply)]));
        }

        return One(request, wallet);
    }

    private (int Status, JsonNode Reply) One(JsonNode? request, string? wallet)
    {
        if (request is not JsonObject call || call["method"] is not JsonValue methodValue || methodValue.GetValueKind() != JsonValueKind.String)
        {
            return (400, ErrorReply(null, legacy: true, RpcCodes.InvalidRequest, "Missing method"));
        }

        JsonNode? id = call["id"]?.DeepClone();
        bool legacy = call["jsonrpc"]?.GetValue<string>() != "2.0";
        if (call["params"] is not (JsonArray or null))
        {
            return (legacy ? 500 : 200, ErrorReply(id, legacy, RpcCodes.InvalidParameter, "Params must be an array (named parameters are not served)"));
        }

        JsonArray parameters = call["params"] is JsonArray array ? (JsonArray)array.DeepClone() : [];
        try
        {
            JsonNode? result = _dispatcher.Dispatch(new RpcCall(methodValue.GetValue<string>(), parameters, wallet));
            var reply = new JsonObject();
            if (!legacy)
            {
                reply["jsonrpc"] = "2.0";
            }

            reply["result"] = result;
            if (legacy)
            {
                reply["error"] = null;
            }

            reply["id"] = id;
            return (200, reply);
        }
        catch (RpcException e)
        {
            int status = !legacy ? 200 : e.Code == RpcCodes.MethodNotFound ? 404 : 500;
            return (status, ErrorReply(id, legacy, e.Code, e.Message));
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or OverflowException or IndexOutOfRangeException or EndOfStreamException or NotSupportedException)
        {
            // A request the handlers did not foresee: bitcoind answers a std::exception with RPC_MISC_ERROR.
            return (legacy ? 500 : 200, ErrorReply(id, legacy, RpcCodes.MiscError, e.Message));
        }
    }

    private static JsonObject ErrorReply(JsonNode? id, bool legacy, int code, string message)
    {
        var reply = new JsonObject();
        if (!legacy)
        {
            reply["jsonrpc"] = "2.0";
        }
        else
        {
            reply["result"] = null;
        }

        reply["error"] = new JsonObject { ["code"] = code, ["message"] = message };
        reply["id"] = id;
        return reply;
    }

    private bool Authorized(string? header)
    {
        if (header is null || !header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromBase64String(header["Basic ".Length..].Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        // Constant time per candidate, as bitcoind's TimingResistantEqual.
        bool match = false;
        foreach (byte[] accepted in _accepted)
        {
            match |= CryptographicOperations.FixedTimeEquals(given, accepted);
        }

        return match;
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
    }
}
